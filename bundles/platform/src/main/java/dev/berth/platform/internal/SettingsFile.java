package dev.berth.platform.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.cli.home.PrivateHome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Edits single values of a settings file, writing it atomically. */
final class SettingsFile {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_JAVA_COMMENTS)
            .enable(JsonReadFeature.ALLOW_TRAILING_COMMA)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();

    private SettingsFile() {
    }

    /**
     * Sets {@code section.name} to a value, or removes it when the value is null.
     *
     * @throws IllegalArgumentException when the key is not of the form {@code section.name}
     * @throws IOException when the file is broken (fix it first) or cannot be written
     */
    static void edit(Path file, String key, Object value) throws IOException {
        int dot = key.indexOf('.');
        if (dot <= 0 || dot == key.length() - 1) {
            throw new IllegalArgumentException("setting names look like section.name, such as vm.cpus; got '" + key + "'");
        }
        String section = key.substring(0, dot);
        String name = key.substring(dot + 1);
        ObjectNode root;
        try {
            JsonNode tree = Files.exists(file) ? MAPPER.readTree(file.toFile()) : null;
            root = tree instanceof ObjectNode o ? o : MAPPER.createObjectNode();
        } catch (JsonProcessingException e) {
            throw new IOException(file + " line " + e.getLocation().getLineNr() + ": " + e.getOriginalMessage()
                    + "; fix the file before changing settings", e);
        }
        JsonNode existing = root.get(section);
        ObjectNode values = existing instanceof ObjectNode o ? o : root.putObject(section);
        if (value == null) {
            values.remove(name);
            if (values.isEmpty()) root.remove(section);
        } else {
            values.set(name, MAPPER.valueToTree(value));
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        PrivateHome.write(file, MAPPER.writeValueAsBytes(root));
    }
}
