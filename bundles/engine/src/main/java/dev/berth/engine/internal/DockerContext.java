package dev.berth.engine.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The docker CLI's context named {@code berth}: written in the CLI's own format under its config folder
 * ({@code DOCKER_CONFIG}, else {@code ~/.docker}), made current on request and switched back later.
 *
 * @param config the docker CLI's config folder
 */
record DockerContext(Path config) {
    static final String NAME = "berth";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** The folder the docker CLI reads, from {@code DOCKER_CONFIG} or the user's home. */
    static DockerContext forUser() {
        String env = System.getenv("DOCKER_CONFIG");
        return new DockerContext(env != null && !env.isBlank() ? Path.of(env) : Path.of(System.getProperty("user.home"), ".docker"));
    }

    /** Writes the context so it points at {@code dockerHost}. */
    void write(String dockerHost) throws IOException {
        ObjectNode meta = JSON.createObjectNode().put("Name", NAME);
        meta.putObject("Metadata").put("Description", "Berth: the Docker Engine in Berth's VM");
        meta.putObject("Endpoints").putObject("docker").put("Host", dockerHost).put("SkipTLSVerify", false);
        Path dir = config.resolve("contexts").resolve("meta").resolve(sha256(NAME));
        Files.createDirectories(dir);
        atomicWrite(dir.resolve("meta.json"), JSON.writeValueAsBytes(meta));
    }

    /** The current context of the CLI, empty for its default. */
    Optional<String> current() throws IOException {
        ObjectNode c = readConfig();
        String name = c.path("currentContext").asText("");
        return name.isEmpty() ? Optional.empty() : Optional.of(name);
    }

    /** Makes {@code name} current, or the CLI's default when empty, keeping every other setting of config.json. */
    void use(Optional<String> name) throws IOException {
        ObjectNode c = readConfig();
        if (name.isPresent()) c.put("currentContext", name.get());
        else c.remove("currentContext");
        Files.createDirectories(config);
        atomicWrite(config.resolve("config.json"), JSON.writeValueAsBytes(c));
    }

    /**
     * Adds {@code folder} to the CLI's {@code cliPluginsExtraDirs}, as Docker Desktop does, and sets
     * {@code credsStore} to {@code store} when the user has none; every other setting of config.json stays.
     *
     * @return whether config.json changed
     */
    boolean addPlugins(Path folder, Optional<String> store) throws IOException {
        ObjectNode c = readConfig();
        boolean changed = false;
        JsonNode dirs = c.path("cliPluginsExtraDirs");
        ArrayNode list = dirs instanceof ArrayNode a ? a : c.putArray("cliPluginsExtraDirs");
        if (!(dirs instanceof ArrayNode) && !dirs.isMissingNode()) {
            throw new IOException(config.resolve("config.json") + ": cliPluginsExtraDirs is not a list; fix it so "
                    + "Berth can add " + folder);
        }
        boolean present = false;
        for (JsonNode d : list) present |= d.asText().equals(folder.toString());
        if (!present) {
            list.add(folder.toString());
            changed = true;
        }
        if (store.isPresent() && !c.hasNonNull("credsStore")) {
            c.put("credsStore", store.get());
            changed = true;
        }
        if (changed) {
            Files.createDirectories(config);
            atomicWrite(config.resolve("config.json"), JSON.writeValueAsBytes(c));
        }
        return changed;
    }

    private ObjectNode readConfig() throws IOException {
        Path file = config.resolve("config.json");
        if (!Files.exists(file)) return JSON.createObjectNode();
        try {
            if (JSON.readTree(file.toFile()) instanceof ObjectNode o) return o;
        } catch (JsonProcessingException e) {
            throw new IOException(file + " is not valid JSON (line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + "): fix it so Berth can set the docker context and plugins; "
                    + "Berth left it as it is", e);
        }
        throw new IOException(file + " is not a JSON object; fix it so Berth can set the docker context");
    }

    private static void atomicWrite(Path file, byte[] bytes) throws IOException {
        Path temp = file.resolveSibling(file.getFileName() + ".berth-tmp");
        Files.write(temp, bytes);
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
