package io.framebus.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

import java.util.Locale;

/**
 * A frame size given as {@code WIDTHxHEIGHT} ({@code 1920x1080}) or a name ({@code 720p}, {@code 1080p},
 * {@code 4k}).
 */
public record FrameSize(int width, int height) {
    public FrameSize {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("frame size must be positive, got " + width + "x" + height);
        }
    }

    public static FrameSize parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        switch (t) {
            case "720p" -> {
                return new FrameSize(1280, 720);
            }
            case "1080p" -> {
                return new FrameSize(1920, 1080);
            }
            case "4k", "2160p" -> {
                return new FrameSize(3840, 2160);
            }
            default -> {
            }
        }
        int x = t.indexOf('x');
        try {
            if (x > 0) {
                return new FrameSize(Integer.parseInt(t.substring(0, x)), Integer.parseInt(t.substring(x + 1)));
            }
        } catch (NumberFormatException e) {
            // fall through to the message below
        }
        throw new IllegalArgumentException("frame size '" + text + "' is not WIDTHxHEIGHT (e.g. 1920x1080) or one of"
                + " 720p, 1080p, 4k");
    }

    @Override
    public String toString() {
        return width + "x" + height;
    }

    /** picocli converter. */
    public static final class Converter implements ITypeConverter<FrameSize> {
        @Override
        public FrameSize convert(String value) {
            try {
                return parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
