package io.framebus.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/** {@code bench --profile}: async-profiler in every Java child of a cell, a flame graph per child. */
class BenchProfileTest {

    /** The cell and the role in the file name, readable and safe in async-profiler's comma-separated options. */
    @Test
    void aProfileIsNamedAfterItsCellAndRole() throws IOException {
        Path dir = Path.of("/tmp/p");
        CellSpec four = new CellSpec(Transport.FRAMEBUS, Payload.HD_1080P, 4, Work.TOUCH);
        assertEquals("framebus-1080p-4readers-touch-futex", four.fileLabel());
        assertEquals(dir.resolve("framebus-1080p-4readers-touch-futex-reader-2.html"),
                CellRunner.profileFile(dir, four, "reader 2"));
        assertEquals(dir.resolve("framebus-64k-1reader-full-adaptive-writer.html"), CellRunner.profileFile(dir,
                new CellSpec(Transport.FRAMEBUS, Payload.KIB_64, 1, Work.FULL, "adaptive"), "writer"));
        assertEquals("tcp-1234-2readers-touch", new CellSpec(Transport.TCP, Payload.parse("1234"), 2, Work.TOUCH,
                "adaptive").fileLabel(), "no wait strategy but framebus's");
        assertEquals("memcpy-64k-0readers-touch", new CellSpec(Transport.MEMCPY, Payload.KIB_64, 0, Work.TOUCH)
                .fileLabel());

        List<String> options = NativeProfiler.agentOptions(dir.resolve("a.html"));
        assertEquals(List.of("-XX:+UnlockDiagnosticVMOptions", "-XX:+DebugNonSafepoints"), options.subList(0, 2));
        assertTrue(options.get(2).startsWith("-agentpath:" + NativeProfiler.library() + "=start,event=cpu,"),
                options.toString());
        assertTrue(options.get(2).endsWith(",file=/tmp/p/a.html"), options.toString());
        assertTrue(Files.size(NativeProfiler.library()) > 100_000, "the library, extracted");
        assertThrows(IllegalArgumentException.class, () -> NativeProfiler.agentOptions(Path.of("/tmp/a,b.html")));
    }

    /**
     * A tiny real run: the writer and the reader of one framebus cell each write a flame graph with
     * framebus's frames in it, and the report says where the graphs are.
     */
    @Test
    void aTinyProfiledBenchWritesAFlameGraphPerChild(@TempDir Path tmp) throws IOException {
        Path profiles = tmp.resolve("profiles/new");
        Path out = tmp.resolve("out");
        StringWriter stdout = new StringWriter();
        int code = new CommandLine(new BenchCommand()).setOut(new PrintWriter(stdout)).execute("--transports",
                "framebus", "--payloads", "64k", "--readers", "1", "--work", "touch", "--waits", "futex",
                "--warmup", "0.2", "--window", "0.5", "--paced-window", "0.3", "--retries", "0", "--progress", "none",
                "--out", out.toString(), "--profile", profiles.toString());
        assertEquals(0, code, stdout.toString());
        List<Path> graphs;
        try (Stream<Path> files = Files.list(profiles)) {
            graphs = files.sorted().toList();
        }
        String cell = "framebus-64k-1reader-touch-futex";
        assertEquals(List.of(profiles.resolve(cell + "-reader-1.html"), profiles.resolve(cell + "-writer.html")),
                graphs);
        for (Path graph : graphs) {
            List<String> frames = frameNames(Files.readString(graph));
            assertTrue(frames.size() > 100, graph + " is a flame graph");
            assertTrue(frames.stream().anyMatch(f -> f.startsWith("io/framebus/")), graph + " has framebus's frames");
        }
        assertTrue(frameNames(Files.readString(profiles.resolve(cell + "-reader-1.html"))).stream()
                .anyMatch(f -> f.startsWith("io/framebus/ChannelReader.")), "the reader takes through ChannelReader");
        assertTrue(frameNames(Files.readString(profiles.resolve(cell + "-writer.html"))).stream()
                .anyMatch(f -> f.startsWith("io/framebus/ChannelWriter.")), "the writer claims through ChannelWriter");
        assertTrue(stdout.toString().contains("flame graphs of the child JVMs in " + profiles), stdout.toString());
        assertTrue(Files.readString(out.resolve(BenchReport.HTML)).contains(profiles.toString()), "index.html");
    }

    /**
     * The frame names of an async-profiler flame graph: its {@code cpool} array, each entry after the first
     * being the previous one's first (char - 32) characters followed by the rest of the entry.
     */
    private static List<String> frameNames(String html) {
        int from = html.indexOf("const cpool = [\n");
        assertTrue(from >= 0, "async-profiler's HTML");
        int to = html.indexOf("\n];", from);
        List<String> names = new ArrayList<>();
        for (String line : html.substring(from, to).lines().skip(1).toList()) {
            String packed = line.substring(1, line.lastIndexOf('\'')).replace("\\'", "'").replace("\\\\", "\\");
            names.add(names.isEmpty() ? packed
                    : names.getLast().substring(0, packed.charAt(0) - 32) + packed.substring(1));
        }
        return names;
    }
}
