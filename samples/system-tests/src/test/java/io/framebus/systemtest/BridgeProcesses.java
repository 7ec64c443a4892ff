package io.framebus.systemtest;

import com.fasterxml.jackson.databind.JsonNode;
import io.framebus.ChannelNotFoundException;
import io.framebus.ChannelSnapshot;
import io.framebus.FrameChannel;
import io.framebus.bridge.AeronDirectories;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The processes of a bridged pipeline, each a real {@code framebus} JVM, optionally inside a network namespace:
 * {@code pub} and {@code bridge send} on the source side, {@code bridge receive} and {@code sub --verify} on the
 * far side. Channel files all live in {@code /dev/shm}, which the namespaces share, so source and far channels
 * have names of their own.
 */
final class BridgeProcesses {
    /** Aeron's Agrona needs this export in every JVM that runs a bridge (bin/framebus adds it for 'bridge'). */
    static final List<String> BRIDGE_JVM = List.of("--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED");

    private BridgeProcesses() {
    }

    /** A UDP port for one test's bridge, away from the ephemeral range. */
    static int port() {
        return 20_000 + ThreadLocalRandom.current().nextInt(10_000);
    }

    /** {@code framebus bridge receive} in {@code wrapper} (a namespace, or none). */
    static CliProcess receive(List<String> wrapper, String far, String from, String... more) {
        List<String> args = new ArrayList<>(List.of("bridge", "receive", "--channel", far, "--from", from, "--dir",
                CliTestSupport.SHM_DIR, "--backing", "plain", "--json"));
        args.addAll(List.of(more));
        CliProcess p = CliProcess.startWrapped(wrapper, BRIDGE_JVM, args.toArray(String[]::new));
        CliTestSupport.await("the receiver listening: " + p.describe(),
                () -> p.stderr().contains("waiting for a sender") || !p.isAlive(), done -> done);
        return p;
    }

    /** {@code framebus bridge send} in {@code wrapper}. */
    static CliProcess send(List<String> wrapper, String source, String to, String mode, String... more) {
        List<String> args = new ArrayList<>(List.of("bridge", "send", "--channel", source, "--to", to, "--mode",
                mode, "--dir", CliTestSupport.SHM_DIR, "--json"));
        args.addAll(List.of(more));
        if (!args.contains("--connect-timeout-ms")) {
            args.addAll(List.of("--connect-timeout-ms", "60000"));
        }
        return CliProcess.startWrapped(wrapper, BRIDGE_JVM, args.toArray(String[]::new));
    }

    /** {@code framebus pub} of {@code frames} pattern frames, once {@code readers} readers attached. */
    static CliProcess pub(List<String> wrapper, String source, String size, int frames, int fps, int readers) {
        return CliProcess.startWrapped(wrapper, List.of(), "pub", "--channel", source, "--size", size, "--frames",
                Integer.toString(frames), "--fps", Integer.toString(fps), "--slots", "4", "--wait-readers",
                Integer.toString(readers), "--dir", CliTestSupport.SHM_DIR, "--backing", "plain");
    }

    /** {@code framebus sub --verify --json} of a channel, once it exists; returns when it attached. */
    static CliProcess sub(List<String> wrapper, String channel, String mode) {
        awaitChannel(channel);
        int before = snapshot(channel).readers().size();
        CliProcess p = CliProcess.startWrapped(wrapper, List.of(), "sub", "--channel", channel, "--mode", mode,
                "--verify", "--timeout-ms", "60000", "--dir", CliTestSupport.SHM_DIR, "--json");
        CliTestSupport.await("sub attached to " + channel + ": " + p.describe(),
                () -> snapshot(channel).readers().size() > before || !p.isAlive(), done -> done);
        return p;
    }

    static void awaitChannel(String channel) {
        CliTestSupport.await("channel " + channel, () -> exists(channel), e -> e);
    }

    private static boolean exists(String channel) {
        try {
            FrameChannel.inspect(channel, CliTestSupport.SHM);
            return true;
        } catch (ChannelNotFoundException e) {
            return false;
        }
    }

    static ChannelSnapshot snapshot(String channel) {
        return FrameChannel.inspect(channel, CliTestSupport.SHM);
    }

    /** Waits for a process to end with exit code 0 and returns its JSON report. */
    static JsonNode report(CliProcess p) {
        assertEquals(0, p.waitFor(), p.describe());
        return p.json();
    }

    /**
     * A whole bridged pipeline: a receiver on {@code farSide} listening at {@code at} (address:port), a sender on
     * {@code sourceSide}, a {@code sub --verify} of the far channel in the bridge's mode and a latest one of the
     * source, then {@code pub}, which starts once both the sender and the local sub are attached (so that the far
     * sub, attached before them, sees every frame the bridge carries).
     */
    record Pipeline(CliProcess receiver, CliProcess sender, CliProcess farSub, CliProcess localSub, CliProcess pub,
                    String source, String far, String at) {
        static Pipeline start(CliTestSupport test, List<String> sourceSide, List<String> farSide, String at,
                              String mode, String size, int frames, int fps, String... senderOptions) {
            String source = test.uniqueName("brsrc");
            String far = test.uniqueName("brfar");
            CliProcess receiver = BridgeProcesses.receive(farSide, far, at, "--once");
            CliProcess pub = BridgeProcesses.pub(sourceSide, source, size, frames, fps, 2);
            CliProcess sender = BridgeProcesses.send(sourceSide, source, at, mode, senderOptions);
            CliProcess farSub = BridgeProcesses.sub(farSide, far, mode); // latest: gaps in the source's numbering
            CliProcess localSub = BridgeProcesses.sub(sourceSide, source, "latest");
            return new Pipeline(receiver, sender, farSub, localSub, pub, source, far, at);
        }

        /** Waits for every process to end with exit code 0. */
        Reports finish() {
            assertEquals(0, pub.waitFor(), pub.describe());
            return new Reports(report(sender), report(receiver), report(farSub), report(localSub));
        }
    }

    /** The JSON reports of a finished pipeline. */
    record Reports(JsonNode sent, JsonNode received, JsonNode far, JsonNode local) {
        @Override
        public String toString() {
            return "sent " + sent + "\nreceived " + received + "\nfar sub " + far + "\nlocal sub " + local;
        }
    }

    /** Removes the Aeron directories of embedded drivers whose bridge is gone (one killed with SIGKILL). */
    static void removeDeadDriverDirectories() {
        AeronDirectories.removeStale(message -> { });
    }
}
