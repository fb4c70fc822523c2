package dev.berth.platform.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RedactorTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Redactor redactor = new Redactor(List.of("SeCrEtT0kenValue"));
    @TempDir
    Path dir;

    @Test
    void secretKeysAreRemovedAtAnyDepthAndOtherValuesKept() throws Exception {
        JsonNode in = JSON.readTree("{\"engine\":{\"daemonJson\":\"{}\",\"registryPassword\":\"hunter2\"},"
                + "\"auths\":{\"r\":{\"auth\":\"dXNlcjpwdw==\"}},\"vm\":{\"cpus\":2,\"token\":\"abc\"},\"tls\":true}");
        JsonNode out = redactor.json(in);
        assertEquals(Redactor.REMOVED, out.path("engine").path("registryPassword").asText());
        assertEquals(Redactor.REMOVED, out.path("auths").path("r").path("auth").asText());
        assertEquals(Redactor.REMOVED, out.path("vm").path("token").asText());
        assertEquals(2, out.path("vm").path("cpus").asInt());
        assertEquals("hunter2", in.path("engine").path("registryPassword").asText(), "the original is untouched");
    }

    @Test
    void logsLoseTokensPasswordsAndPrivateKeys() {
        String text = redactor.text("GET /?token=SeCrEtT0kenValue ok\npassword=hunter2 user=me\n"
                + "-----BEGIN EC PRIVATE KEY-----\nMHcCAQ\n-----END EC PRIVATE KEY-----\n\"apiKey\": \"k1\"");
        assertFalse(text.contains("SeCrEtT0kenValue"), text);
        assertFalse(text.contains("hunter2"), text);
        assertFalse(text.contains("MHcCAQ"), text);
        assertFalse(text.contains("k1"), text);
        assertTrue(text.contains("user=me"), text);
    }

    @Test
    void theDiagnosticsZipHoldsRedactedLogsAndSettings() throws Exception {
        Path logs = Files.createDirectories(dir.resolve("logs"));
        Files.writeString(logs.resolve("daemon.log"), "started; dashboard token SeCrEtT0kenValue\n");
        Files.writeString(logs.resolve("console.log"), "guest booted\n");
        Path settings = dir.resolve("settings.json");
        Files.writeString(settings, "{\"registry\": {\"password\": \"hunter2\"}}");
        byte[] zip = DiagnosticsBundle.write(redactor, logs, settings, Map.of("registry", Map.of("password", "hunter2")),
                JSON.readTree("{\"vm\":{\"state\":\"running\"}}"), Map.of("docker-info.json", JSON.readTree("{\"ServerVersion\":\"20.10\"}")));
        Map<String, String> entries = new HashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) entries.put(e.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        assertTrue(entries.keySet().containsAll(List.of("README.txt", "status.json", "settings.json", "settings-in-force.json",
                "docker-info.json", "logs/daemon.log", "logs/console.log")), entries.keySet().toString());
        entries.values().forEach(v -> assertFalse(v.contains("hunter2") || v.contains("SeCrEtT0kenValue"), v));
    }
}
