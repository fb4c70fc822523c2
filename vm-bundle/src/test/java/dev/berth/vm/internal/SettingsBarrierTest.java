package dev.berth.vm.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.api.settings.Settings;
import dev.berth.api.settings.SettingsProblem;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SettingsBarrierTest {
    private static Settings file(Map<String, Map<String, Object>> sections) {
        return new Settings() {
            @Override
            public Path file() {
                return Path.of("settings.json");
            }

            @Override
            public Map<String, Map<String, Object>> current() {
                return sections;
            }

            @Override
            public Optional<SettingsProblem> problem() {
                return Optional.empty();
            }

            @Override
            public void set(String key, Object value) {
            }

            @Override
            public void unset(String key) {
            }
        };
    }

    @Test
    void theFilesValuesMustHaveArrived() {
        SettingsBarrier b = new SettingsBarrier(file(Map.of("vm", Map.of("cpus", 4, "kernelArgs", "x"),
                "engine", Map.of("shares", List.of("~", "/tmp")))), List.of("vm", "engine"), VmConfig.class);
        b.delivered(Map.of("cpus", 2, "kernelArgs", "x", "component.name", "vm", "service.pid", "berth.vm"));
        assertFalse(b.current(), "the previous run's CPU count");
        b.delivered(Map.of("cpus", 4, "kernelArgs", "x", "shares", new String[] {"~", "/tmp"}, "service.pid", "berth.vm"));
        assertTrue(b.current(), "numbers and lists compare in either form");
    }

    @Test
    void aValueTheFileNoLongerHasMustBeGone() {
        SettingsBarrier b = new SettingsBarrier(file(Map.of()), List.of("vm"), VmConfig.class);
        b.delivered(Map.of("kernelArgs", "berth.e2e=1", "berth.settings.source", "settings.json"));
        assertFalse(b.current());
        b.delivered(Map.of("kernelArgs", "", "cpus", 2, "berth.settings.source", "settings.json"));
        assertTrue(b.current(), "values the file does not give are back to their defaults");
    }
}
