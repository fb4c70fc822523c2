package dev.berth.platform.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.api.daemon.Diagnostics;
import dev.berth.api.daemon.DiagnosticsRequest;
import dev.berth.api.daemon.StartAtLogin;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.service.ServiceExtension;

/** The platform offers the diagnostics zip and the autostart entry that the dashboard uses. */
@ExtendWith(ServiceExtension.class)
class DiagnosticsTest {
    @Test
    void theZipHoldsTheGivenDocumentsAndThePlatformsOwnWithSecretsRemoved(@InjectService Diagnostics diagnostics)
            throws Exception {
        String secret = "Tok3nOfTheDashboard";
        byte[] zip = diagnostics.zip(new DiagnosticsRequest("{\"vm\":{\"state\":\"stopped\",\"note\":\"" + secret + "\"}}",
                Map.of("docker-info.json", "{\"ServerVersion\":\"28.0\",\"password\":\"hunter2\"}"), List.of(secret)));
        Map<String, String> entries = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                entries.put(e.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        assertEquals(List.of("README.txt", "status.json", "settings-in-force.json"),
                List.copyOf(entries.keySet()).subList(0, 3), entries.keySet().toString());
        assertTrue(entries.containsKey("docker-info.json"), entries.keySet().toString());
        assertTrue(entries.get("docker-info.json").contains("28.0"), entries.get("docker-info.json"));
        entries.values().forEach(v -> assertFalse(v.contains(secret) || v.contains("hunter2"), v));
    }

    @Test
    void theAutostartEntryIsTheUsersXdgOne(@InjectService StartAtLogin startAtLogin) {
        assertTrue(startAtLogin.entry().endsWith(Path.of("autostart", "berth.desktop")), startAtLogin.entry().toString());
    }
}
