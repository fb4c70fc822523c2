package dev.berth.extensions.internal.desktop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.api.extension.GuestContainer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GuestRunTest {
    private static final GuestContainer SAMPLER = new GuestContainer("sampler", "busybox:1.37", List.of("sh", "-c", "sleep 1"),
            Map.of("B", "2", "A", "1"), true);

    @Test
    void theContainerIsNamedAfterTheBundleAndTheServiceAndRestartsWithTheVm() throws Exception {
        assertEquals("berth-ext-dev.berth.example.diskusage-sampler", GuestRun.container("dev.berth.example.diskusage", "sampler"));
        assertEquals("berth-ext-odd-name-x", GuestRun.container("odd name", "x"));
        JsonNode body = Engine.JSON.valueToTree(GuestRun.create("ext.one", SAMPLER));
        assertEquals("busybox:1.37", body.path("Image").asText());
        assertEquals("[\"sh\",\"-c\",\"sleep 1\"]", body.path("Cmd").toString());
        assertEquals("[\"A=1\",\"B=2\"]", body.path("Env").toString());
        assertEquals("unless-stopped", body.path("HostConfig").path("RestartPolicy").path("Name").asText());
        assertEquals("ext.one", body.path("Labels").path(GuestRun.EXTENSION_LABEL).asText());
        assertEquals("sampler", body.path("Labels").path(GuestRun.SERVICE_LABEL).asText());
        JsonNode mount = body.path("HostConfig").path("Mounts").get(0);
        assertEquals(VmService.GUEST_SERVICES, mount.path("Target").asText());
        assertEquals(GuestRun.volume("ext.one", "sampler"), mount.path("Source").asText());
    }

    @Test
    void withoutCommandOrGuestServicesTheImagesOwnCommandRunsWithNoVolume() {
        JsonNode body = Engine.JSON.valueToTree(GuestRun.create("ext.one", GuestContainer.of("plain", "busybox:1.37")));
        assertTrue(body.path("Cmd").isMissingNode());
        assertTrue(body.path("HostConfig").path("Mounts").isMissingNode());
    }

    @Test
    void anUnchangedContainerIsRecognisedAndAChangedOneIsNot() {
        Map<String, Object> create = GuestRun.create("ext.one", SAMPLER);
        JsonNode running = Engine.JSON.createObjectNode().set("Config", Engine.JSON.valueToTree(Map.of("Labels", create.get("Labels"))));
        assertTrue(GuestRun.same(running, GuestRun.create("ext.one", SAMPLER)));
        GuestContainer other = new GuestContainer("sampler", "busybox:1.37", List.of("sh", "-c", "sleep 2"), Map.of(), true);
        assertFalse(GuestRun.same(running, GuestRun.create("ext.one", other)));
        assertNotEquals(GuestRun.volume("ext.one", "sampler"), GuestRun.volume("ext.two", "sampler"));
    }

    @Test
    void badNamesAndImagesAreRefusedWithASentence() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> GuestContainer.of("Bad/Name", "busybox"))
                .getMessage().contains("no guest container name"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> GuestRun.create("ext", GuestContainer.of("x", "bad image?")))
                .getMessage().contains("no image name"));
    }
}
