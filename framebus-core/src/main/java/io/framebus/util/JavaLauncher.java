package io.framebus.util;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts child JVMs running a main class of this class path: the same {@code java}, the same class
 * path, native access enabled. Tests, the demo, soak and bench use it to run real processes.
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
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass);
        command.addAll(args);
        return new ProcessBuilder(command);
    }

    public static ProcessBuilder builder(Class<?> mainClass, List<String> args) {
        return builder(mainClass.getName(), List.of(), args);
    }
}
