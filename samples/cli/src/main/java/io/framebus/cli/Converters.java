package io.framebus.cli;

import io.framebus.Backing;
import io.framebus.PixelFormat;
import io.framebus.ReaderMode;
import io.framebus.wait.WaitStrategy;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

import java.util.Locale;

/** Option converters that accept the lower-case names the help text shows. */
public final class Converters {
    private Converters() {
    }

    private static String key(String value) {
        return value.trim().toLowerCase(Locale.ROOT);
    }

    public static final class PixelFormatConverter implements ITypeConverter<PixelFormat> {
        @Override
        public PixelFormat convert(String value) {
            try {
                return PixelFormat.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    public static final class BackingConverter implements ITypeConverter<Backing> {
        @Override
        public Backing convert(String value) {
            return switch (key(value)) {
                case "auto" -> Backing.AUTO;
                case "hugetlbfs" -> Backing.HUGETLBFS;
                case "thp" -> Backing.THP;
                case "plain" -> Backing.PLAIN;
                default -> throw new TypeConversionException("unknown backing '" + value
                        + "'; use auto, hugetlbfs, thp or plain");
            };
        }
    }

    public static final class ModeConverter implements ITypeConverter<ReaderMode> {
        @Override
        public ReaderMode convert(String value) {
            return switch (key(value)) {
                case "latest" -> ReaderMode.LATEST;
                case "lossless" -> ReaderMode.LOSSLESS;
                default -> throw new TypeConversionException("unknown mode '" + value + "'; use latest or lossless");
            };
        }
    }

    public static final class WaitConverter implements ITypeConverter<WaitStrategy> {
        @Override
        public WaitStrategy convert(String value) {
            try {
                return WaitStrategy.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /** A duration: {@code 500ms}, {@code 2s}, or a number of seconds ({@code 1.5}). */
    public static final class DurationConverter implements ITypeConverter<java.time.Duration> {
        @Override
        public java.time.Duration convert(String value) {
            String v = key(value);
            try {
                if (v.endsWith("ms")) {
                    return java.time.Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2).trim()));
                }
                double seconds = Double.parseDouble(v.endsWith("s") ? v.substring(0, v.length() - 1).trim() : v);
                return java.time.Duration.ofNanos(Math.round(seconds * 1e9));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + value + "' is not a duration; use e.g. 500ms, 2s or 1.5");
            }
        }
    }
}
