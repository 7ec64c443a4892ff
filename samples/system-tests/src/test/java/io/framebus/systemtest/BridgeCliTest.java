package io.framebus.systemtest;

import io.framebus.testkit.JavaLauncher;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code framebus bridge send} and {@code receive} as real processes over real UDP on the loopback interface
 * (no root needed): a lossless bridge carries every frame, every byte verified on the far side by
 * {@code sub --verify}; a bridge that cannot bind, reach its peer or its driver says so and exits 1.
 * {@link BridgeNamespaceTest} does the same between two network namespaces, with loss, a slow link and kills.
 */
class BridgeCliTest extends CliTestSupport {
    private static final List<String> HERE = List.of();

    @AfterEach
    void removeDriverDirectories() {
        CliProcess.closeAll();
        BridgeProcesses.removeDeadDriverDirectories();
    }

    private static String loopback() {
        return "127.0.0.1:" + BridgeProcesses.port();
    }

    @Test
    void aLosslessBridgeOverLoopbackCarriesEveryFrameWhole() {
        int frames = 60;
        BridgeProcesses.Pipeline p = BridgeProcesses.Pipeline.start(this, HERE, HERE, loopback(), "lossless",
                "1080p", frames, 30);
        BridgeProcesses.Reports r = p.finish();
        assertEquals(frames, r.sent().path("sent").asLong(), r.toString());
        assertEquals(frames, r.received().path("received").asLong(), r.toString());
        assertEquals(0, r.received().path("incomplete").asLong(), r.toString());
        assertEquals(frames, r.far().path("received").asLong(), r.toString());
        assertEquals(0, r.far().path("verify_failures").asLong(), r.toString());
        assertEquals(0, r.far().path("sequence_gaps").asLong(), r.toString());
        assertTrue(r.far().path("bridged").asBoolean(), r.toString());
        assertEquals("closed", r.far().path("ended").asText(), "the close travelled: " + r);
    }

    @Test
    void aReceiverThatCannotBindSaysSoAndExitsNonZero() {
        String far = uniqueName("brfar");
        CliProcess p = CliProcess.startWrapped(HERE, BridgeProcesses.BRIDGE_JVM, "bridge", "receive", "--channel",
                far, "--from", "10.213.255.9:" + BridgeProcesses.port(), "--dir", SHM_DIR);
        assertEquals(1, p.waitFor(), p.describe());
        assertTrue(p.stderr().contains("cannot receive on 10.213.255.9") && p.stderr().contains("Cannot assign"),
                p.describe());
    }

    @Test
    void aSecondReceiverOnTheSamePortSaysItIsInUse() {
        int port = BridgeProcesses.port();
        CliProcess first = BridgeProcesses.receive(HERE, uniqueName("brfar"), "127.0.0.1:" + port);
        CliProcess second = CliProcess.startWrapped(HERE, BridgeProcesses.BRIDGE_JVM, "bridge", "receive",
                "--channel", uniqueName("brfar"), "--from", "127.0.0.1:" + port, "--dir", SHM_DIR);
        assertEquals(1, second.waitFor(), second.describe());
        assertTrue(second.stderr().contains("Address already in use"), second.describe());
        assertTrue(first.isAlive(), first.describe());
        first.terminate();
    }

    @Test
    void aSenderWhoseReceiverNeverAnswersSaysSoAndExitsNonZero() {
        String source = uniqueName("brsrc");
        CliProcess pub = BridgeProcesses.pub(HERE, source, "64x64", 1, 1, 1);
        BridgeProcesses.awaitChannel(source);
        CliProcess sender = BridgeProcesses.send(HERE, source, "127.0.0.1:" + BridgeProcesses.port(), "latest",
                "--connect-timeout-ms", "1500");
        assertEquals(1, sender.waitFor(), sender.describe());
        assertTrue(sender.stderr().contains("no receiver answered at 127.0.0.1"), sender.describe());
        pub.terminate();
    }

    @Test
    void aReceiverThatHearsNoSenderSaysSoAndExitsNonZero() {
        CliProcess p = CliProcess.startWrapped(HERE, BridgeProcesses.BRIDGE_JVM, "bridge", "receive", "--channel",
                uniqueName("brfar"), "--from", "127.0.0.1:" + BridgeProcesses.port(), "--dir", SHM_DIR,
                "--connect-timeout-ms", "1500");
        assertEquals(1, p.waitFor(), p.describe());
        assertTrue(p.stderr().contains("no sender was heard"), p.describe());
    }

    @Test
    void aMissingExternalDriverIsAnErrorThatSaysSo() {
        CliProcess p = CliProcess.startWrapped(HERE, BridgeProcesses.BRIDGE_JVM, "bridge", "receive", "--channel",
                uniqueName("brfar"), "--from", "127.0.0.1:" + BridgeProcesses.port(), "--dir", SHM_DIR,
                "--aeron-dir", "/tmp/framebus-no-aeron-driver-here");
        assertEquals(1, p.waitFor(), p.describe());
        assertTrue(p.stderr().contains("no Aeron media driver is running in /tmp/framebus-no-aeron-driver-here"),
                p.describe());
    }

    @Test
    void aBridgeOnAnExternalDriverCarriesFramesAndSaysSoWhenTheDriverDies() throws Exception {
        Path dir = SHM.resolve("aeron-fbtest-" + ProcessHandle.current().pid());
        List<String> jvm = new ArrayList<>(BridgeProcesses.BRIDGE_JVM);
        jvm.addAll(List.of("-Daeron.dir=" + dir, "-Daeron.dir.delete.on.start=true",
                "-Daeron.dir.delete.on.shutdown=true", "-Daeron.threading.mode=SHARED"));
        Process driver = JavaLauncher.builder("io.aeron.driver.MediaDriver", jvm, List.of()).inheritIO().start();
        try {
            int frames = 20;
            BridgeProcesses.Pipeline p = BridgeProcesses.Pipeline.start(this, HERE, HERE, loopback(), "lossless",
                    "640x480", frames, 50, "--aeron-dir", dir.toString());
            assertTrue(p.sender().stderr().contains("external Aeron media driver in " + dir), p.sender().describe());
            BridgeProcesses.Reports r = p.finish();
            assertEquals(frames, r.far().path("received").asLong(), r.toString());
            assertEquals(0, r.far().path("verify_failures").asLong(), r.toString());

            CliProcess receiver = BridgeProcesses.receive(HERE, uniqueName("brfar"), "127.0.0.1:"
                    + BridgeProcesses.port(), "--aeron-dir", dir.toString());
            driver.destroyForcibly().waitFor();
            assertEquals(1, receiver.waitFor(), receiver.describe());
            assertTrue(receiver.stderr().contains("lost the external Aeron media driver"), receiver.describe());
        } finally {
            driver.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            deleteTree(dir);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(f);
                }
            }
        }
    }
}
