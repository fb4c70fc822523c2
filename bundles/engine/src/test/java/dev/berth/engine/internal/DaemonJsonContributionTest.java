package dev.berth.engine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.berth.api.settings.Settings;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DaemonJsonContributionTest {
    @Test
    void berthTurnsTheUserlandProxyOff() {
        assertEquals(Map.of("userland-proxy", false), DaemonJsonContribution.keys(""));
    }

    @Test
    void theUsersDaemonJsonWinsOverBerthsKeys() {
        Map<String, Object> keys = DaemonJsonContribution.keys(
                "{\"userland-proxy\": true, \"debug\": true, \"insecure-registries\": [\"10.0.2.2:5000\"]}");
        assertEquals(true, keys.get("userland-proxy"));
        assertEquals(true, keys.get("debug"));
        assertEquals(List.of("10.0.2.2:5000"), keys.get("insecure-registries"));
    }

    @Test
    void aDaemonJsonThatIsNoObjectIsRefusedWithTheSettingsName() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> DaemonJsonContribution.keys("[1]"));
        assertEquals("engine.daemonJson must be a JSON object, such as {\"debug\": true}", e.getMessage());
        assertThrows(IllegalStateException.class, () -> DaemonJsonContribution.keys("{"));
    }

    @Test
    void theKeysFollowTheSettingsFileAsItIsNow() {
        Map<String, Map<String, Object>> file = new java.util.HashMap<>();
        Settings settings = (Settings) java.lang.reflect.Proxy.newProxyInstance(Settings.class.getClassLoader(),
                new Class<?>[] {Settings.class}, (p, m, a) -> m.getName().equals("current") ? Map.copyOf(file) : null);
        DaemonJsonContribution contribution = new DaemonJsonContribution(settings);
        assertEquals(Map.of("userland-proxy", false), contribution.daemonJson());
        file.put("engine", Map.of("daemonJson", "{\"debug\": true}"));
        assertEquals(Map.of("userland-proxy", false, "debug", true), contribution.daemonJson());
    }
}
