package io.framebus.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.PrintWriter;

/**
 * JSON output. Every object the CLI prints uses snake_case keys: the maps it builds itself and the
 * core's records ({@code ChannelSnapshot}), whose camelCase components Jackson renames.
 */
public final class Json {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

    private Json() {
    }

    /** Prints {@code value} as one line of JSON. */
    public static void print(PrintWriter out, Object value) {
        out.println(write(value, false));
        out.flush();
    }

    /** Prints {@code value} as indented JSON. */
    public static void printPretty(PrintWriter out, Object value) {
        out.println(write(value, true));
        out.flush();
    }

    public static String write(Object value, boolean pretty) {
        try {
            return pretty ? MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(value)
                    : MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** {@code value} rounded to {@code decimals} places, for readable JSON numbers. */
    public static double round(double value, int decimals) {
        double scale = Math.pow(10, decimals);
        return Math.round(value * scale) / scale;
    }
}
