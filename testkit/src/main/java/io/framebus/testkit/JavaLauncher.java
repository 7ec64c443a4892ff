package io.framebus.testkit;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts child JVMs running a main class of this class path: the same {@code java}, the same class
 * path, native access enabled. Tests, the demo, soak and bench use it to run real processes.
 *
 * <p>The class path travels in the {@code CLASSPATH} environment variable, not on the command line:
 * ONNX Runtime 1.29 crashes its process (SIGSEGV) when the command line is longer than about 4 KiB,
 * which a Maven test class path easily is. Short command lines are also easier to read in {@code ps}.
 */
public final class JavaLauncher {
    private JavaLauncher() {
    }

    /** The {@code java} executable of the running JVM. */
    public static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /**
     * A process builder for {@code mainClass} with {@code args}; {@code jvmOptions} go before the class
     * (e.g. {@code -Xmx256m}).
     */
    public static ProcessBuilder builder(String mainClass, List<String> jvmOptions, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(javaExecutable());
        command.add("--enable-native-access=ALL-UNNAMED");
        command.add("-XX:+UseSerialGC");
        command.addAll(jvmOptions);
        command.add(mainClass);
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("CLASSPATH", System.getProperty("java.class.path"));
        return builder;
    }

    public static ProcessBuilder builder(Class<?> mainClass, List<String> args) {
        return builder(mainClass.getName(), List.of(), args);
    }
}
