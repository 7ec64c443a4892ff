package io.framebus.bench;

/** Helpers of the child processes. */
final class BenchChildSupport {
    private BenchChildSupport() {
    }

    /** An exception as one line: its class, message and those of its causes. */
    static String oneLine(Throwable e) {
        StringBuilder b = new StringBuilder();
        for (Throwable t = e; t != null && b.length() < 600; t = t.getCause()) {
            if (!b.isEmpty()) {
                b.append(" <- ");
            }
            b.append(t.getClass().getSimpleName());
            if (t.getMessage() != null) {
                b.append(": ").append(t.getMessage().replace('\n', ' '));
            }
        }
        return b.toString();
    }
}
