package io.framebus.encoder;

/** Formats a label, "person 0.87", into ASCII bytes without allocating. */
final class LabelText {
    private LabelText() {
    }

    /**
     * Writes "{@code name} {@code score}" with the score to two decimals (the class id's digits when
     * {@code name} is null; non-ASCII characters as '?'), at most {@code max} bytes.
     *
     * @return bytes written
     */
    static int format(String name, int classId, float score, byte[] out, int max) {
        int n = 0;
        if (name != null) {
            for (int i = 0; i < name.length() && n < max - 8; i++) {
                char c = name.charAt(i);
                out[n++] = (byte) (c >= 32 && c < 127 ? c : '?');
            }
        } else {
            n = digits(classId, out, 0);
        }
        out[n++] = ' ';
        int hundredths = Float.isNaN(score) ? 0 : Math.round(Math.max(0f, Math.min(score, 99.99f)) * 100);
        n = digits(hundredths / 100, out, n);
        out[n++] = '.';
        out[n++] = (byte) ('0' + hundredths % 100 / 10);
        out[n++] = (byte) ('0' + hundredths % 10);
        return n;
    }

    private static int digits(int value, byte[] out, int at) {
        int n = at;
        if (value < 0) {
            out[n++] = '-';
        }
        long v = Math.abs((long) value);
        int start = n;
        do {
            out[n++] = (byte) ('0' + v % 10);
            v /= 10;
        } while (v > 0);
        for (int i = start, j = n - 1; i < j; i++, j--) {
            byte t = out[i];
            out[i] = out[j];
            out[j] = t;
        }
        return n;
    }
}
