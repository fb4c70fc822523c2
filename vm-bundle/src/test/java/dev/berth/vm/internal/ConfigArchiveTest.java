package dev.berth.vm.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigArchiveTest {
    private static JsonNode merged(Map<String, Object> contributed) throws IOException {
        return new ObjectMapper().readTree(ConfigArchive.daemonJson(contributed));
    }

    @Test
    void theGuestsDefaultsLeaveOutIpv6RulesAndUseOverlay2() throws IOException {
        JsonNode d = merged(Map.of());
        assertEquals(false, d.path("ip6tables").asBoolean(true));
        assertEquals("overlay2", d.path("storage-driver").asText());
        assertTrue(d.path("userland-proxy").isMissingNode(), "the engine bundle contributes it");
    }

    @Test
    void contributedKeysWinOverTheDefaults() throws IOException {
        JsonNode d = merged(Map.of("ip6tables", true, "debug", true, "insecure-registries", List.of("10.0.2.2:5000")));
        assertTrue(d.path("ip6tables").asBoolean(false));
        assertTrue(d.path("debug").asBoolean(false));
        assertEquals("10.0.2.2:5000", d.path("insecure-registries").path(0).asText());
    }
}
