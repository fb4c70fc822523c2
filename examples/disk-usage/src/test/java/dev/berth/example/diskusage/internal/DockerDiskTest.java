package dev.berth.example.diskusage.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DockerDiskTest {
    private static final String DF = """
            {"LayersSize": 3000000,
             "Images": [{"Id": "sha256:a", "RepoTags": ["busybox:latest"], "Size": 1000000},
                        {"Id": "sha256:b", "RepoTags": [], "Size": 2000000}],
             "Containers": [{"SizeRw": 10, "State": "running"}, {"SizeRw": 5, "State": "exited"}],
             "Volumes": [{"UsageData": {"Size": 700}}, {"UsageData": {"Size": -1}}],
             "BuildCache": [{"Size": 42}]}""";

    @Test
    void sumsEachKindAndListsTheLargestImages() throws IOException {
        ObjectNode s = DockerDisk.summary(DockerDisk.JSON.readTree(DF), 1);
        JsonNode kinds = s.path("kinds");
        assertEquals("Images", kinds.get(0).path("kind").asText());
        assertEquals(3_000_000, kinds.get(0).path("bytes").asLong());
        assertEquals(15, kinds.get(1).path("bytes").asLong());
        assertEquals(1, kinds.get(1).path("running").asInt());
        assertEquals(700, kinds.get(2).path("bytes").asLong());
        assertEquals(42, kinds.get(3).path("bytes").asLong());
        assertEquals(3_000_757, s.path("total").asLong());
        assertEquals(1, s.path("largest").size());
        assertEquals("sha256:b", s.path("largest").get(0).path("name").asText());
        String table = DiskUsageCommand.table(s);
        assertTrue(table.contains("Images              2     3.00MB"), table);
        assertTrue(table.contains("All                       3.00MB"), table);
    }

    @Test
    void readsTheBodyOfAnHttpAnswerAndRefusesAnError() throws IOException {
        byte[] ok = "HTTP/1.0 200 OK\r\nContent-Type: application/json\r\n\r\n{\"LayersSize\": 1}".getBytes(StandardCharsets.UTF_8);
        assertEquals(1, DockerDisk.body(ok).path("LayersSize").asInt());
        byte[] bad = "HTTP/1.0 500 Internal Server Error\r\n\r\n{\"message\": \"disk on fire\"}".getBytes(StandardCharsets.UTF_8);
        IOException e = assertThrows(IOException.class, () -> DockerDisk.body(bad));
        assertTrue(e.getMessage().contains("disk on fire"), e.getMessage());
    }

    @Test
    void printsSizesAsDockerDoes() {
        assertEquals("999B", DockerDisk.human(999));
        assertEquals("1.50kB", DockerDisk.human(1500));
        assertEquals("2.35GB", DockerDisk.human(2_345_678_901L));
    }
}
