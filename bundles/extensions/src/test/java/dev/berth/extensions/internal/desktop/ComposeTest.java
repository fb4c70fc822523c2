package dev.berth.extensions.internal.desktop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ComposeTest {
    /** What {@code docker compose config --format json} gives for a file like Docker's extension template's. */
    private static final String RESOLVED = """
            {"name": "berth-ext-x",
             "services": {
               "web": {"image": "example/x:1", "restart": "always",
                       "volumes": [{"type": "volume", "source": "data", "target": "/run/guest-services"}]},
               "backend": {"image": "example/x:1",
                           "volumes": [{"type": "bind", "source": "/var/run/docker.sock.raw", "target": "/var/run/docker.sock",
                                        "bind": {"create_host_path": true}}]}},
             "volumes": {"data": {"name": "berth-ext-x_data"}}}
            """;

    @Test
    void givesEveryServiceWhatDockerDesktopGivesIt() throws IOException {
        JsonNode p = Compose.adapt(Engine.JSON.readTree(RESOLVED), "x", "bx-1234");
        JsonNode backend = p.path("services").path("backend");
        assertEquals("/var/run/docker.sock", backend.path("volumes").get(0).path("source").asText(),
                "the raw socket is the engine's socket in Berth's VM");
        assertEquals("/var/run/docker.sock", backend.path("volumes").get(0).path("target").asText());
        assertEquals("bx-1234", backend.path("volumes").get(1).path("source").asText());
        assertEquals("/run/guest-services", backend.path("volumes").get(1).path("target").asText());
        assertEquals("unless-stopped", backend.path("restart").asText());
        assertEquals("berth-ext-x", backend.path("container_name").asText(), "the first service by name is the backend container");
        JsonNode web = p.path("services").path("web");
        assertEquals(1, web.path("volumes").size(), "a service with its own /run/guest-services keeps it: " + web);
        assertEquals("always", web.path("restart").asText());
        assertFalse(web.has("container_name"));
        assertTrue(p.path("volumes").path("bx-1234").path("external").asBoolean());
        assertEquals("berth-ext-x_data", p.path("volumes").path("data").path("name").asText());
        assertFalse(p.has("name"), "the project's name comes from -p");
    }

    @Test
    void aServiceWithoutVolumesGetsTheGuestServicesOne() throws IOException {
        JsonNode p = Compose.adapt(Engine.JSON.readTree("{\"services\": {\"a\": {\"image\": \"i\"}}}"), "y", "bx-9");
        assertEquals("bx-9", p.path("services").path("a").path("volumes").get(0).path("source").asText(), p.toString());
    }

    @Test
    void aMissingComposeBinarySaysWhereItShouldBe(@TempDir Path dir) {
        Compose c = new Compose(dir.resolve("docker-compose"), dir.resolve("docker.sock"));
        IOException e = assertThrows(IOException.class, () -> c.up("x", "example/x:1", dir.resolve("docker-compose.yaml"), "bx-1"));
        assertTrue(e.getMessage().contains("the Compose plugin Berth ships is missing (" + dir.resolve("docker-compose")), e.getMessage());
    }
}
