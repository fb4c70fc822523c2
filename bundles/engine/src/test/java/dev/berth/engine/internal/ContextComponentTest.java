package dev.berth.engine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The credential helper is chosen once Berth's own tools are in place, not when the component starts. */
class ContextComponentTest {
    @TempDir
    Path dir;

    @Test
    void theHelperThatTheInstallPutsInPlaceIsNamedOnTheFirstStart() throws Exception {
        CompletableFuture<List<Object>> installed = new CompletableFuture<>();
        AtomicBoolean helperInBin = new AtomicBoolean();
        var change = ContextComponent.namePluginsAndHelper(installed, new DockerContext(dir.resolve("docker")),
                dir.resolve("cli-plugins"), () -> helperInBin.get() ? Optional.of("pass") : Optional.empty());
        helperInBin.set(true);
        installed.complete(List.of());
        assertEquals("plugins from " + dir.resolve("cli-plugins") + ", credentials in pass",
                change.toCompletableFuture().get(10, TimeUnit.SECONDS));
        JsonNode config = new ObjectMapper().readTree(dir.resolve("docker/config.json").toFile());
        assertEquals("pass", config.path("credsStore").asText(), config.toString());
        assertEquals(dir.resolve("cli-plugins").toString(), config.path("cliPluginsExtraDirs").path(0).asText(), config.toString());
    }

    @Test
    void aFailedInstallStillNamesTheFolderAndAHelperFoundElsewhere() throws Exception {
        CompletableFuture<List<Object>> installed = new CompletableFuture<>();
        var change = ContextComponent.namePluginsAndHelper(installed, new DockerContext(dir.resolve("docker")),
                dir.resolve("cli-plugins"), () -> Optional.of("secretservice"));
        installed.completeExceptionally(new java.io.IOException("no network"));
        change.toCompletableFuture().get(10, TimeUnit.SECONDS);
        JsonNode config = new ObjectMapper().readTree(dir.resolve("docker/config.json").toFile());
        assertEquals("secretservice", config.path("credsStore").asText(), config.toString());
    }
}
