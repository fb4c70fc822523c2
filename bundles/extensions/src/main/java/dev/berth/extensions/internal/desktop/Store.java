package dev.berth.extensions.internal.desktop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.api.extension.DockerExtension;
import dev.berth.api.extension.ExtensionState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/** The installed extensions' folders, {@code <id>/}, each with an {@code extension.json} saying what was installed. */
final class Store {
    static final String FILE = "extension.json";
    private final Path folder;

    Store(Path folder) {
        this.folder = folder;
    }

    Path folder() {
        return folder;
    }

    /** An extension's id from its image: the repository, in lower-case letters, digits and dashes. */
    static String id(String image) {
        String repo = image;
        int digest = repo.indexOf('@');
        if (digest >= 0) repo = repo.substring(0, digest);
        int tag = repo.lastIndexOf(':');
        if (tag > repo.lastIndexOf('/')) repo = repo.substring(0, tag);
        String id = repo.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        if (id.length() > 63) id = id.substring(id.length() - 63).replaceAll("^-+", "");
        if (id.isEmpty()) throw new IllegalArgumentException("'" + image + "' names no repository");
        return id;
    }

    /** Writes what was installed into the extension's folder. */
    static void write(Path dir, ObjectNode record) throws IOException {
        Files.writeString(dir.resolve(FILE), Engine.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(record));
    }

    /** The record of one extension, or empty. */
    Optional<JsonNode> record(String id) {
        Path file = folder.resolve(id).resolve(FILE);
        if (!Files.isRegularFile(file)) return Optional.empty();
        try {
            return Optional.of(Engine.JSON.readTree(file.toFile()));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Every installed extension, by id; a folder whose record cannot be read is left out. */
    List<DockerExtension> list() {
        List<DockerExtension> all = new ArrayList<>();
        if (!Files.isDirectory(folder)) return all;
        try (Stream<Path> dirs = Files.list(folder)) {
            for (Path d : dirs.filter(Files::isDirectory).toList()) {
                String id = d.getFileName().toString();
                if (!id.startsWith(".")) record(id).map(r -> of(d, r)).ifPresent(all::add);
            }
        } catch (IOException e) {
            return all;
        }
        all.sort(Comparator.comparing(DockerExtension::id));
        return all;
    }

    /** The API's view of a record. */
    static DockerExtension of(Path dir, JsonNode r) {
        String reason = r.path("reason").asText("");
        return new DockerExtension(r.path("id").asText(), r.path("image").asText(), r.path("title").asText(), dir,
                r.path("tabTitle").asText(""), r.path("tabPage").asText(""), r.path("icon").asText(""),
                r.path("backend").asText(""), reason.isEmpty() ? ExtensionState.ACTIVE : ExtensionState.FAILED, reason);
    }

    /** Deletes a folder and everything in it. */
    static void delete(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
