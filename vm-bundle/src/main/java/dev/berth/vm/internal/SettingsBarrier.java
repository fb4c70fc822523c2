package dev.berth.vm.internal;

import dev.berth.api.settings.Settings;
import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Tells whether the configuration this component last received matches what the settings file says now.
 *
 * <p>ConfigAdmin keeps the configurations of the last run and delivers the file's values asynchronously, so a
 * component activated at daemon start may briefly hold the previous run's values. A VM start acts once on its
 * settings (CPUs, memory, kernel arguments, whether a saved state still fits), so it waits for the file's.
 */
final class SettingsBarrier {
    private final Settings settings;
    private final List<String> sections;
    private final Map<String, Object> defaults = new HashMap<>();
    private volatile Map<String, Object> delivered = Map.of();

    /**
     * @param sections the settings sections the component is configured from
     * @param type     its component property type, whose defaults stand for values the file does not give
     */
    SettingsBarrier(Settings settings, List<String> sections, Class<?> type) {
        this.settings = settings;
        this.sections = List.copyOf(sections);
        for (var m : type.getDeclaredMethods()) {
            if (m.getDefaultValue() != null) defaults.put(m.getName(), m.getDefaultValue());
        }
    }

    /** Records the component's configuration properties as delivered. */
    void delivered(Map<String, Object> properties) {
        delivered = Map.copyOf(properties);
    }

    /** Waits up to {@code millis} until the delivered configuration holds the file's values; false on timeout. */
    boolean await(long millis) {
        long deadline = System.nanoTime() + millis * 1_000_000;
        while (!current()) {
            if (System.nanoTime() > deadline) return false;
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    /** Whether every value of the file's sections was delivered, and every other value is back to its default. */
    boolean current() {
        return difference().isEmpty();
    }

    /** The first key whose delivered value differs from the file's, or empty. */
    java.util.Optional<String> difference() {
        Map<String, Object> wanted = new HashMap<>();
        for (String section : sections) wanted.putAll(settings.current().getOrDefault(section, Map.of()));
        Map<String, Object> got = delivered;
        for (Map.Entry<String, Object> e : wanted.entrySet()) {
            if (!Objects.equals(normal(e.getValue()), normal(got.get(e.getKey())))) {
                return java.util.Optional.of(e.getKey() + ": file " + normal(e.getValue()) + ", delivered " + normal(got.get(e.getKey())));
            }
        }
        for (String key : got.keySet()) {
            if (!wanted.containsKey(key) && !key.contains(".")
                    && !Objects.equals(normal(defaults.get(key)), normal(got.get(key)))) {
                return java.util.Optional.of(key + ": not in the file, delivered " + normal(got.get(key)));
            }
        }
        return java.util.Optional.empty();
    }

    /** Values as text, lists and arrays as lists of text, so that the file's and ConfigAdmin's forms compare. */
    static Object normal(Object value) {
        if (value == null) return null;
        if (value instanceof Iterable<?> items) {
            List<Object> list = new ArrayList<>();
            items.forEach(i -> list.add(String.valueOf(i)));
            return list;
        }
        if (value.getClass().isArray()) {
            List<Object> list = new ArrayList<>();
            for (int i = 0; i < Array.getLength(value); i++) list.add(String.valueOf(Array.get(value, i)));
            return list;
        }
        return String.valueOf(value);
    }
}
