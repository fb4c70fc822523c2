package dev.berth.ui.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.berth.ui.internal.docker.DockerClient;
import dev.berth.ui.internal.docker.DockerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** What an extension's calls reach for real: the engine through the dashboard's client, programs run on the host, a backend socket. */
final class DdReach implements DdCalls.Reach {
    /** How long a docker CLI run may take before it is stopped. */
    private static final long CLI_SECONDS = 120;
    /** The most output of a run kept for the page. */
    private static final int MAX_OUTPUT = 8 << 20;
    private static final java.util.concurrent.Executor RUNS = r -> Thread.ofVirtual().name("berth-ui-ddcli").start(r);
    private final DockerRoutes engine;
    private final DockerClient client;
    private final Supplier<Optional<String>> dockerHost;

    DdReach(DockerRoutes engine, DockerClient client, Supplier<Optional<String>> dockerHost) {
        this.engine = engine;
        this.client = client;
        this.dockerHost = dockerHost;
    }

    @Override
    public CompletableFuture<JsonNode> engine(String pathAndQuery) {
        return engine.get(pathAndQuery);
    }

    @Override
    public CompletableFuture<JsonNode> run(List<String> args) {
        String host = dockerHost.get().orElseThrow(() -> new IllegalStateException("the Docker Engine does not run"));
        return CompletableFuture.supplyAsync(() -> {
            List<String> command = args;
            ProcessBuilder pb = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            pb.environment().put("DOCKER_HOST", host);
            pb.environment().remove("DOCKER_CONTEXT");
            try {
                Process p = pb.start();
                CompletableFuture<String> out = read(p.getInputStream());
                CompletableFuture<String> err = read(p.getErrorStream());
                if (!p.waitFor(CLI_SECONDS, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new IllegalStateException(String.join(" ", args) + " did not end within " + CLI_SECONDS + " s");
                }
                return JsonNodeFactory.instance.objectNode().put("cmd", String.join(" ", args))
                        .put("stdout", out.join()).put("stderr", err.join()).put("code", p.exitValue());
            } catch (IOException e) {
                throw new IllegalStateException("cannot run " + args.getFirst() + ": " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }, RUNS);
    }

    private static CompletableFuture<String> read(InputStream in) {
        CompletableFuture<String> text = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try (in) {
                byte[] all = in.readNBytes(MAX_OUTPUT);
                in.transferTo(java.io.OutputStream.nullOutputStream());
                text.complete(new String(all, StandardCharsets.UTF_8));
            } catch (IOException e) {
                text.complete("");
            }
        });
        return text;
    }

    @Override
    public CompletableFuture<DockerResponse> backend(Path socket, String method, String path, JsonNode body) {
        return client.callAt(socket, method, path, body).exceptionallyCompose(e -> CompletableFuture.failedFuture(
                new IllegalStateException("the extension's backend does not answer at " + socket + ": " + e.getMessage(), e)));
    }
}
