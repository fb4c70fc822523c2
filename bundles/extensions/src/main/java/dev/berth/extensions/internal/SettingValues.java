package dev.berth.extensions.internal;

import dev.berth.api.extension.SettingsField;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/** Turns what the user gave for an extension's setting into what the settings file stores, or says what is wrong. */
final class SettingValues {
    private SettingValues() {
    }

    /**
     * The value to store: a list for a field with several values (text is split at commas), else one value.
     *
     * @throws IllegalArgumentException saying what is wrong and what the field allows
     */
    static Object convert(SettingsField f, Object value) {
        if (value == null) throw new IllegalArgumentException(f.label() + " needs a value");
        if (!f.multiple()) {
            if (value instanceof Collection<?>) throw new IllegalArgumentException(f.label() + " takes one value, not a list");
            return one(f, value);
        }
        List<Object> items = new ArrayList<>();
        Collection<?> given = value instanceof Collection<?> c ? c : List.of(String.valueOf(value).split(","));
        for (Object v : given) {
            if (v instanceof String text && text.isBlank()) continue;
            items.add(one(f, v instanceof String text ? text.strip() : v));
        }
        return items;
    }

    private static Object one(SettingsField f, Object value) {
        Object converted = switch (f.type()) {
            case "boolean" -> bool(f, value);
            case "integer" -> integer(f, value);
            case "decimal" -> decimal(f, value);
            default -> String.valueOf(value);
        };
        if (!f.options().isEmpty() && f.options().stream().noneMatch(o -> o.value().equals(String.valueOf(converted)))) {
            throw new IllegalArgumentException(f.label() + " is one of " + String.join(", ",
                    f.options().stream().map(SettingsField.Option::value).toList()) + ", not '" + value + "'");
        }
        return converted;
    }

    private static Boolean bool(SettingsField f, Object value) {
        if (value instanceof Boolean b) return b;
        String text = String.valueOf(value).strip().toLowerCase(Locale.ROOT);
        if (text.equals("true") || text.equals("false")) return Boolean.valueOf(text);
        throw new IllegalArgumentException(f.label() + " is true or false, not '" + value + "'");
    }

    private static Number integer(SettingsField f, Object value) {
        long n;
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            n = ((Number) value).longValue();
        } else if (String.valueOf(value).strip().matches("-?\\d{1,18}")) {
            n = Long.parseLong(String.valueOf(value).strip());
        } else {
            throw new IllegalArgumentException(f.label() + " must be a whole number, not '" + value + "'");
        }
        // not a conditional expression: that would widen the Integer to a long
        if (n == (int) n) return Integer.valueOf((int) n);
        return Long.valueOf(n);
    }

    private static Double decimal(SettingsField f, Object value) {
        if (value instanceof Number n) return n.doubleValue();
        try {
            double d = Double.parseDouble(String.valueOf(value).strip());
            if (Double.isFinite(d)) return d;
        } catch (NumberFormatException e) {
            // said below
        }
        throw new IllegalArgumentException(f.label() + " must be a number such as 2.5, not '" + value + "'");
    }
}
