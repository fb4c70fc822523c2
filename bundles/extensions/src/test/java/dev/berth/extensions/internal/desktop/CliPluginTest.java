package dev.berth.extensions.internal.desktop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The plugin run by a real shell, with a stand-in for Java that prints what it was given. */
class CliPluginTest {
    @TempDir
    Path dir;

    private Path plugin() throws IOException {
        Path java = dir.resolve("jdk's bin/java");
        Files.createDirectories(java.getParent());
        Files.writeString(java, "#!/bin/sh\necho \"BERTH_HOME=$BERTH_HOME\"\nfor a in \"$@\"; do echo \"[$a]\"; done\n");
        java.toFile().setExecutable(true);
        Path plugins = dir.resolve("cli-plugins");
        assertTrue(CliPlugin.install(plugins, CliPlugin.script(java, dir.resolve("lib"), dir.resolve("home"))));
        return plugins.resolve(CliPlugin.NAME);
    }

    private record Run(int code, String out, String err) {
    }

    private static Run run(Path plugin, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(plugin.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Run(p.waitFor(), out, err);
    }

    @Test
    void answersTheDockerClisMetadataQuestion() throws Exception {
        Run r = run(plugin(), "docker-cli-plugin-metadata");
        JsonNode m = Engine.JSON.readTree(r.out());
        assertEquals("0.1.0", m.path("SchemaVersion").asText(), r.out());
        assertEquals("Berth", m.path("Vendor").asText(), r.out());
    }

    @Test
    void mapsDockersWordsToBerthsClient() throws Exception {
        Path plugin = plugin();
        Run install = run(plugin, "extension", "install", "-f", "example/hello:1");
        assertEquals(0, install.code(), install.err());
        assertEquals("BERTH_HOME=" + dir.resolve("home") + "\n[-Dberth.lib=" + dir.resolve("lib") + "]\n[-jar]\n["
                + dir.resolve("lib/berth-cli.jar") + "]\n[extension]\n[install]\n[--yes]\n[example/hello:1]\n", install.out());
        assertTrue(run(plugin, "extension", "ls").out().endsWith("[extension]\n[ls]\n"));
        assertTrue(run(plugin, "extension", "remove", "example/hello").out().endsWith("[rm]\n[example/hello]\n"));
        assertTrue(run(plugin, "extension", "update", "--force", "example/hello:2").out().endsWith("[update]\n[--yes]\n[example/hello:2]\n"));
        assertTrue(run(plugin, "extension", "validate", "it's: mine").out().endsWith("[validate]\n[it's: mine]\n"));
    }

    @Test
    void refusesWhatBerthDoesNotDo() throws Exception {
        Run r = run(plugin(), "extension", "dev", "debug", "x");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("docker extension dev is not supported by Berth"), r.err());
        assertEquals("", r.out());
    }

    @Test
    void isWrittenOnlyWhenItChanged() throws Exception {
        Path plugin = plugin();
        Path java = dir.resolve("jdk's bin/java");
        String same = CliPlugin.script(java, dir.resolve("lib"), dir.resolve("home"));
        assertFalse(CliPlugin.install(plugin.getParent(), same));
        assertTrue(CliPlugin.install(plugin.getParent(), CliPlugin.script(java, dir.resolve("lib2"), dir.resolve("home"))));
        assertTrue(Files.readString(plugin).contains("lib2"));
    }
}
