package dev.berth.vm.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class ConfigArchiveTest {
    private static JsonNode merged(String user) throws IOException {
        return new ObjectMapper().readTree(ConfigArchive.daemonJson(user));
    }

    @Test
    void berthsDefaultsLeaveOutTheUserlandProxyAndIpv6Rules() throws IOException {
        JsonNode d = merged("");
        assertEquals(false, d.path("userland-proxy").asBoolean(true));
        assertEquals(false, d.path("ip6tables").asBoolean(true));
        assertEquals("overlay2", d.path("storage-driver").asText());
    }

    @Test
    void theUsersDaemonJsonWinsOverTheDefaults() throws IOException {
        JsonNode d = merged("{\"ip6tables\": true, \"debug\": true}");
        assertTrue(d.path("ip6tables").asBoolean(false));
        assertTrue(d.path("debug").asBoolean(false));
        assertThrows(IOException.class, () -> ConfigArchive.daemonJson("[1]"));
    }
}
