package dev.berth.engine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DockerContextTest {
    @TempDir
    Path dir;

    private JsonNode config() throws IOException {
        return new ObjectMapper().readTree(dir.resolve("config.json").toFile());
    }

    @Test
    void pluginFolderIsMergedIntoTheUsersConfigKeepingEveryOtherKey() throws IOException {
        Files.writeString(dir.resolve("config.json"), """
                {"auths": {"r.example": {"auth": "eA=="}}, "cliPluginsExtraDirs": ["/opt/other"], "psFormat": "x"}""");
        DockerContext context = new DockerContext(dir);
        assertTrue(context.addPlugins(Path.of("/home/u/.berth/cli-plugins"), Optional.of("pass")));
        JsonNode c = config();
        assertEquals("eA==", c.path("auths").path("r.example").path("auth").asText());
        assertEquals("x", c.path("psFormat").asText());
        assertEquals("[\"/opt/other\",\"/home/u/.berth/cli-plugins\"]", c.path("cliPluginsExtraDirs").toString());
        assertEquals("pass", c.path("credsStore").asText());
        assertFalse(context.addPlugins(Path.of("/home/u/.berth/cli-plugins"), Optional.of("secretservice")),
                "a second start changes nothing");
        assertEquals("pass", config().path("credsStore").asText(), "the user's credsStore is never replaced");
    }

    @Test
    void aFreshUserGetsAConfigWithThePluginFolderAndNoCredsStoreWithoutAHelper() throws IOException {
        new DockerContext(dir.resolve("new")).addPlugins(Path.of("/b/cli-plugins"), Optional.empty());
        JsonNode c = new ObjectMapper().readTree(dir.resolve("new/config.json").toFile());
        assertEquals("[\"/b/cli-plugins\"]", c.path("cliPluginsExtraDirs").toString());
        assertTrue(c.path("credsStore").isMissingNode());
    }

    @Test
    void aBrokenConfigIsReportedWithItsLineAndLeftUntouched() throws IOException {
        String broken = "{\n  \"auths\": {,\n}\n";
        Files.writeString(dir.resolve("config.json"), broken);
        IOException e = assertThrows(IOException.class,
                () -> new DockerContext(dir).addPlugins(Path.of("/b/cli-plugins"), Optional.empty()));
        assertTrue(e.getMessage().contains("is not valid JSON (line 2"), e.getMessage());
        assertEquals(broken, Files.readString(dir.resolve("config.json")));
    }

    @Test
    void passIsChosenOnlyWhenItsStoreIsSetUpAndItsHelperIsOnThePath() throws IOException {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        for (String tool : new String[] {"pass", "docker-credential-pass", "docker-credential-secretservice"}) {
            Path f = Files.writeString(bin.resolve(tool), "#!/bin/sh\n");
            f.toFile().setExecutable(true);
        }
        Path home = Files.createDirectories(dir.resolve("home"));
        Map<String, String> env = Map.of("PATH", bin.toString());
        assertEquals(Optional.empty(), CredentialStore.choose(env, home), "no password store yet");
        Files.createDirectories(home.resolve(".password-store"));
        Files.writeString(home.resolve(".password-store/.gpg-id"), "KEY\n");
        assertEquals(Optional.of("pass"), CredentialStore.choose(env, home));
        assertEquals(Optional.empty(), CredentialStore.choose(Map.of("PATH", "/nonexistent"), home),
                "the CLI cannot run a helper that is not on its PATH");
        assertEquals(Optional.of("secretservice"), CredentialStore.choose(
                Map.of("PATH", bin.toString(), "DBUS_SESSION_BUS_ADDRESS", "unix:path=/run/user/1000/bus"), home));
    }
}
