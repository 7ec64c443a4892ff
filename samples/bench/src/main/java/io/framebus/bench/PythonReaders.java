package io.framebus.bench;

import io.framebus.testkit.ChildProcess;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The Python reader processes of the {@code py-*} transports: {@code python -m framebus.bench} with the
 * same arguments and the same stdin/stdout line protocol as {@link BenchReader}, run by the interpreter
 * of the environment that {@code ./mvnw verify} makes in {@code python/target/venv} (or
 * {@code $FRAMEBUS_PYTHON}), where the framebus package is installed.
 */
final class PythonReaders {
    /** An interpreter with the framebus package, instead of the build's environment. */
    static final String ENV = "FRAMEBUS_PYTHON";
    private static final Path VENV_PYTHON = Path.of("python", "target", "venv", "bin", "python");

    private PythonReaders() {
    }

    /** The interpreter to run, or null when there is none (the bench then reports the cells as n/a). */
    static Path interpreter() {
        String explicit = System.getenv(ENV);
        if (explicit != null && !explicit.isBlank()) {
            Path p = Path.of(explicit.trim());
            return Files.isExecutable(p) ? p : null;
        }
        for (Path dir = codeLocation(); dir != null; dir = dir.getParent()) {
            Path p = dir.resolve(VENV_PYTHON);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    /** Why a Python cell cannot run here, or null. */
    static String unavailable() {
        return interpreter() != null ? null : "n/a: no Python environment with framebus (./mvnw -pl python -am verify"
                + " makes python/target/venv; or set " + ENV + ")";
    }

    private static Path codeLocation() {
        try {
            return Path.of(PythonReaders.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                    .toAbsolutePath();
        } catch (URISyntaxException | RuntimeException e) {
            return Path.of("").toAbsolutePath();
        }
    }

    /**
     * Starts one Python reader.
     *
     * @param label its name in messages
     * @param argv  the cell's {@link ChildArgs}
     * @return the process, its output collected line by line
     */
    static ChildProcess start(String label, String[] argv) {
        Path python = interpreter();
        if (python == null) {
            throw new IllegalStateException(unavailable());
        }
        List<String> command = new ArrayList<>(List.of(python.toString(), "-u", "-m", "framebus.bench"));
        command.addAll(List.of(argv));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("PYTHONDONTWRITEBYTECODE", "1");
        try {
            return ChildProcess.wrap(label, pb.start());
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + label + " (" + python + ")", e);
        }
    }
}
