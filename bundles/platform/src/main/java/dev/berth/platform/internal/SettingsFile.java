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

/**
 * Edits single values of a settings file, writing it atomically. The file's text is changed in place, so that the
 * user's comments and layout stay; only a file whose shape the in-place edit does not understand is written afresh.
 */
final class SettingsFile {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_JAVA_COMMENTS)
            .enable(JsonReadFeature.ALLOW_TRAILING_COMMA)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();

    private static final ObjectMapper COMPACT = new ObjectMapper();

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
        String text = Files.exists(file) ? Files.readString(file) : null;
        try {
            JsonNode tree = text != null ? MAPPER.readTree(text) : null;
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
        String edited = text == null ? null : JsonTextEdit.apply(text, section, name,
                value == null ? null : COMPACT.writeValueAsString(MAPPER.valueToTree(value)))
                .filter(t -> sameTree(t, root)).orElse(null);
        Files.createDirectories(file.toAbsolutePath().getParent());
        PrivateHome.write(file, (edited != null ? edited : MAPPER.writeValueAsString(root))
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** Whether {@code text} holds {@code expected}: an in-place edit is kept only when it says what a rewrite would. */
    private static boolean sameTree(String text, JsonNode expected) {
        try {
            return MAPPER.readTree(text).equals(expected);
        } catch (IOException e) {
            return false;
        }
    }
}
