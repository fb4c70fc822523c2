package dev.berth.vm.internal.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.api.tools.HostTool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PathLinksTest {
    @TempDir
    Path dir;

    @Test
    void linksTheToolsAndNeverReplacesAFileBerthDidNotLink() throws Exception {
        Path bin = Files.createDirectories(dir.resolve("berth/bin"));
        Path onPath = Files.createDirectories(dir.resolve("local/bin"));
        Files.writeString(onPath.resolve("docker"), "the user's own docker");
        Files.createSymbolicLink(onPath.resolve("docker-credential-pass"), dir.resolve("elsewhere"));
        Files.createSymbolicLink(onPath.resolve("docker-compose"), dir.resolve("berth/bin/old-compose"));
        List<HostTool> tools = List.of(new HostTool("docker", "28.5.2", bin.resolve("docker")),
                new HostTool("docker compose", "2.40.3", dir.resolve("berth/cli-plugins/docker-compose")),
                new HostTool("docker-credential-pass", "0.9.6", bin.resolve("docker-credential-pass")));

        List<String> skipped = PathLinks.link(onPath, bin, tools);

        assertEquals("the user's own docker", Files.readString(onPath.resolve("docker")));
        assertEquals(dir.resolve("elsewhere"), Files.readSymbolicLink(onPath.resolve("docker-credential-pass")));
        assertEquals(bin.resolve("docker-compose"), Files.readSymbolicLink(onPath.resolve("docker-compose")),
                "a link of Berth's own is brought up to date");
        assertFalse(Files.exists(onPath.resolve("docker compose"), java.nio.file.LinkOption.NOFOLLOW_LINKS));
        assertEquals(2, skipped.size(), skipped.toString());
        assertTrue(skipped.getFirst().contains("exists and is not Berth's"), skipped.toString());
        assertEquals(List.of(), PathLinks.link(Files.createDirectories(dir.resolve("clean")), bin, tools));
        assertEquals(bin.resolve("docker"), Files.readSymbolicLink(dir.resolve("clean/docker")));
    }

    @Test
    void upstreamVersionsDropEpochAndDebianRevision() {
        assertEquals("28.5.2", ToolFiles.upstream("28.5.2+dfsg4-5"));
        assertEquals("2.40.3", ToolFiles.upstream("2.40.3-3"));
        assertEquals("1.38.0", ToolFiles.upstream("1:1.38.0-3+b1"));
    }

    private static void assertFalse(boolean condition) {
        org.junit.jupiter.api.Assertions.assertFalse(condition);
    }
}
