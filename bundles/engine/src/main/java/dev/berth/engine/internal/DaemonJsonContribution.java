package dev.berth.engine.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.berth.api.guest.GuestContribution;
import dev.berth.api.settings.Settings;
import java.util.LinkedHashMap;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** The engine's keys of dockerd's daemon.json: Berth's own, with the user's {@code engine.daemonJson} on top. */
@Component(service = GuestContribution.class)
public final class DaemonJsonContribution implements GuestContribution {
    private final Settings settings;

    @Activate
    public DaemonJsonContribution(@Reference Settings settings) {
        this.settings = settings;
    }

    /**
     * Read from the settings file as it is now, not from this section's ConfigAdmin configuration: a VM start at
     * daemon launch asks before ConfigAdmin may have delivered it, and booting with other keys would also throw
     * away a saved state that was made with the user's.
     */
    @Override
    public Map<String, Object> daemonJson() {
        Object text = settings.current().getOrDefault("engine", Map.of()).get("daemonJson");
        return keys(text == null ? "" : text.toString());
    }

    /** Berth's keys with the user's daemon.json text on top; blank text gives Berth's alone. */
    static Map<String, Object> keys(String user) {
        Map<String, Object> keys = new LinkedHashMap<>();
        // Published ports arrive through Berth's port relay on the guest's loopback address: iptables carries them on
        // to the container in the kernel, without a docker-proxy process copying every byte under emulation.
        keys.put("userland-proxy", false);
        if (user.isBlank()) return keys;
        Object parsed;
        try {
            parsed = Json.MAPPER.readValue(user, new TypeReference<Object>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("engine.daemonJson is not JSON: " + e.getOriginalMessage());
        }
        if (!(parsed instanceof Map<?, ?> map)) {
            throw new IllegalStateException("engine.daemonJson must be a JSON object, such as {\"debug\": true}");
        }
        map.forEach((k, v) -> keys.put(k.toString(), v));
        return keys;
    }
}
