package io.framebus.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;

/**
 * async-profiler as an agent of a child JVM ({@code bench --profile}): its native library, taken from the
 * {@code tools.profiler:async-profiler} jar on the class path into a temporary file (deleted when this JVM
 * exits), and the JVM options that make a child sample its CPU (Java, native and kernel frames, about every
 * millisecond) and write a flame graph (HTML) when it exits.
 */
final class NativeProfiler {
    /** Where the jar keeps the library of the only platform the bench profiles on. */
    static final String RESOURCE = "linux-x64/libasyncProfiler.so";
    /** CPU samples about every millisecond of CPU time; Java, native and kernel frames walked by the JVM. */
    static final String EVENT = "event=cpu,interval=1ms,cstack=vm";

    private static Path library;

    private NativeProfiler() {
    }

    /**
     * The JVM options of a child whose flame graph goes to {@code html}.
     *
     * @throws IllegalStateException not on linux-x64, or the async-profiler jar is not on the class path
     */
    static List<String> agentOptions(Path html) {
        String file = html.toAbsolutePath().toString();
        if (file.contains(",")) {
            throw new IllegalArgumentException("async-profiler's options are comma-separated: no ',' in " + file);
        }
        return List.of("-XX:+UnlockDiagnosticVMOptions", "-XX:+DebugNonSafepoints",
                "-agentpath:" + library() + "=start," + EVENT + ",file=" + file);
    }

    /** The library, extracted on first use. */
    static synchronized Path library() {
        if (library != null) {
            return library;
        }
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch");
        if (!os.equals("linux") || !(arch.equals("amd64") || arch.equals("x86_64"))) {
            throw new IllegalStateException("async-profiler runs on linux-x64 only (the bench carries that"
                    + " platform's library), this is " + os + "-" + arch);
        }
        try (InputStream in = NativeProfiler.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the class path (the jar of"
                        + " tools.profiler:async-profiler is missing)");
            }
            Path so = Files.createTempFile("framebus-bench-asyncProfiler-", ".so");
            so.toFile().deleteOnExit();
            Files.copy(in, so, StandardCopyOption.REPLACE_EXISTING);
            library = so;
            return so;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot extract " + RESOURCE, e);
        }
    }
}
