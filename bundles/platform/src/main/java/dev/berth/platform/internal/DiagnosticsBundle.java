package dev.berth.platform.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Writes the diagnostics zip: Berth's logs, settings and state with secrets removed; never the state folder's keys. */
final class DiagnosticsBundle {
    /** The most of each log that goes in, from its end. */
    static final int LOG_TAIL = 4 << 20;
    private static final ObjectMapper JSON = new ObjectMapper();

    private DiagnosticsBundle() {
    }

    /**
     * The zip's bytes.
     *
     * @param logs     the logs folder
     * @param settings the settings file
     * @param inForce  the settings in force, by section
     * @param status   the dashboard's system document
     * @param docker   Docker documents by file name, such as {@code docker-info.json}
     */
    static byte[] write(Redactor redactor, Path logs, Path settings, Map<String, Map<String, Object>> inForce,
                        JsonNode status, Map<String, JsonNode> docker) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            add(zip, "README.txt", "Berth diagnostics, made " + Instant.now() + ".\nLogs, settings and status with"
                    + " passwords, tokens and keys removed. Certificates and keys under state/ are never included.\n");
            add(zip, "status.json", pretty(redactor.json(status)));
            add(zip, "settings-in-force.json", pretty(redactor.json(JSON.valueToTree(inForce))));
            if (Files.isRegularFile(settings)) add(zip, "settings.json", redactor.text(Files.readString(settings)));
            for (Map.Entry<String, JsonNode> d : docker.entrySet()) add(zip, d.getKey(), pretty(redactor.json(d.getValue())));
            for (Path log : logFiles(logs)) add(zip, "logs/" + log.getFileName(), redactor.text(tail(log)));
        }
        return bytes.toByteArray();
    }

    static List<Path> logFiles(Path logs) throws IOException {
        if (!Files.isDirectory(logs)) return List.of();
        try (Stream<Path> files = Files.list(logs)) {
            return files.filter(Files::isRegularFile).sorted().toList();
        }
    }

    /** The last {@link #LOG_TAIL} bytes of a file, as text. */
    static String tail(Path file) throws IOException {
        long size = Files.size(file);
        try (InputStream in = Files.newInputStream(file)) {
            in.skipNBytes(Math.max(0, size - LOG_TAIL));
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String pretty(JsonNode node) throws IOException {
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node);
    }

    private static void add(ZipOutputStream zip, String name, String text) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(text.getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
    }
}
