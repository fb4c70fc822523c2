package dev.berth.extensions.internal.desktop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * An extension's {@code vm.composefile}, run by the Compose plugin Berth ships for the host against Berth's engine:
 * Compose resolves the file ({@code ${DESKTOP_PLUGIN_IMAGE}} included), Berth adapts the result to what Docker Desktop
 * gives an extension's services, and Compose brings the project up as {@code berth-ext-<id>}.
 */
final class Compose {
    /** The engine's socket in the VM, which Docker Desktop's compose files ask for under this name. */
    static final String RAW_SOCKET = "/var/run/docker.sock.raw";
    static final String ENGINE_SOCKET = "/var/run/docker.sock";
    /** The adapted file, kept beside the extension's compose file (in its folder's {@code vm/}) for {@code down}. */
    static final String FILE = "compose.berth.json";
    private static final long TIMEOUT_MINUTES = 5;
    private final Path compose;
    private final Path engineSocket;

    /**
     * @param compose      the Compose binary (the plugin, which also runs on its own)
     * @param engineSocket Berth's engine socket on the host
     */
    Compose(Path compose, Path engineSocket) {
        this.compose = compose;
        this.engineSocket = engineSocket;
    }

    /** The project's name, which is also the first service's container name, so that {@code vm.cli.exec} finds it. */
    static String project(String id) {
        return VmService.container(id);
    }

    /**
     * Adapts a resolved project (the JSON of {@code compose config}) to Docker Desktop's rules: every service gets
     * the extension's guest-services volume at {@code /run/guest-services} and restarts with the VM unless it says
     * otherwise, a bind of {@code /var/run/docker.sock.raw} becomes one of the engine's socket, and the first
     * service (by name) is the container {@code berth-ext-<id>}.
     */
    static ObjectNode adapt(JsonNode resolved, String id, String volume) {
        ObjectNode project = resolved.deepCopy();
        project.remove("name");
        ObjectNode services = object(project, "services");
        List<String> names = new ArrayList<>();
        services.fieldNames().forEachRemaining(names::add);
        names.sort(null);
        for (String name : names) {
            ObjectNode s = (ObjectNode) services.get(name);
            ArrayNode volumes = s.path("volumes").isArray() ? (ArrayNode) s.get("volumes") : s.putArray("volumes");
            boolean hasGuestServices = false;
            for (JsonNode v : volumes) {
                if (v.isObject() && RAW_SOCKET.equals(v.path("source").asText())) ((ObjectNode) v).put("source", ENGINE_SOCKET);
                if (VmService.GUEST_SERVICES.equals(v.path("target").asText())) hasGuestServices = true;
            }
            if (!hasGuestServices) {
                volumes.addObject().put("type", "volume").put("source", volume).put("target", VmService.GUEST_SERVICES);
            }
            if (!s.hasNonNull("restart")) s.put("restart", "unless-stopped");
            if (name.equals(names.getFirst()) && !s.hasNonNull("container_name")) s.put("container_name", VmService.container(id));
        }
        object(project, "volumes").putObject(volume).put("name", volume).put("external", true);
        return project;
    }

    private static ObjectNode object(ObjectNode parent, String field) {
        return parent.path(field).isObject() ? (ObjectNode) parent.get(field) : parent.putObject(field);
    }

    /** Resolves the file, adapts it, keeps the result as {@link #FILE} beside it and brings the project up. */
    void up(String id, String image, Path file, String volume) throws IOException {
        Path dir = file.getParent();
        String resolved = run(dir, Map.of("DESKTOP_PLUGIN_IMAGE", image), "config", "-p", project(id), "-f", file.toString(),
                "config", "--format", "json");
        ObjectNode project = adapt(Engine.JSON.readTree(resolved), id, volume);
        Path adapted = dir.resolve(FILE);
        Files.writeString(adapted, Engine.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(project));
        run(dir, Map.of(), "up", "-p", project(id), "-f", adapted.toString(), "up", "--detach", "--remove-orphans", "--quiet-pull");
    }

    /** Stops and removes the project's containers and networks (its volume is the caller's); no file, nothing to do. */
    void down(String id, Path adapted) throws IOException {
        if (!Files.isRegularFile(adapted)) return;
        run(adapted.getParent(), Map.of(), "down", "-p", project(id), "-f", adapted.toString(), "down", "--remove-orphans");
    }

    /** Runs Compose with {@code args}; {@code what} names the command in errors. */
    private String run(Path dir, Map<String, String> env, String what, String... args) throws IOException {
        if (!Files.isExecutable(compose)) {
            throw new IOException("the Compose plugin Berth ships is missing (" + compose + "); it comes with berth start");
        }
        List<String> cmd = new ArrayList<>(List.of(compose.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
        pb.environment().put("DOCKER_HOST", "unix://" + engineSocket);
        pb.environment().remove("DOCKER_CONTEXT");
        pb.environment().putAll(env);
        // both to files, so that the time limit holds even when Compose never closes its output
        Path out = Files.createTempFile("berth-compose", ".out");
        Path err = Files.createTempFile("berth-compose", ".err");
        try {
            pb.redirectOutput(out.toFile());
            pb.redirectError(err.toFile());
            pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            Process p = pb.start();
            if (!p.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IOException("docker compose " + what + " took more than " + TIMEOUT_MINUTES + " minutes");
            }
            if (p.exitValue() != 0) {
                throw new IOException("docker compose " + what + " failed: " + Files.readString(err, StandardCharsets.UTF_8).strip());
            }
            return Files.readString(out, StandardCharsets.UTF_8);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running docker compose", e);
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
