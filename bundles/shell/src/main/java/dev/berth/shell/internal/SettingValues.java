package dev.berth.shell.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Arrays;
import java.util.List;

/** Reads setting values typed on a command line and prints values for people. */
final class SettingValues {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private SettingValues() {
    }

    /** {@code 4} is a number, {@code true} a boolean, {@code [..]} or {@code {..}} JSON, anything else text. */
    static Object parse(String text) {
        String t = text.strip();
        if (t.equals("true") || t.equals("false")) return Boolean.parseBoolean(t);
        if (t.matches("-?\\d{1,9}")) return Integer.parseInt(t);
        if (t.matches("-?\\d+")) return Long.parseLong(t);
        if (t.startsWith("[") || t.startsWith("{")) {
            try {
                return MAPPER.readValue(t, Object.class);
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("'" + t + "' is not valid JSON: " + e.getOriginalMessage());
            }
        }
        return t;
    }

    /** Arrays as lists, everything else as its text. */
    static String format(Object value) {
        if (value instanceof Object[] array) return List.of(array).toString();
        if (value instanceof int[] array) return Arrays.toString(array);
        return String.valueOf(value);
    }
}
