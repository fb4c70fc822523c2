package dev.berth.example.diskusage.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Docker's disk use, asked of the engine's API socket ({@code GET /system/df}) and summed up as {@code docker system df} does. */
final class DockerDisk {
    static final ObjectMapper JSON = new ObjectMapper();

    private DockerDisk() {
    }

    /** Asks the engine at {@code socket} for its disk use document. */
    static JsonNode ask(Path socket) throws IOException {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            // HTTP/1.0: the engine closes the connection after the answer, so the body needs no chunk decoding
            ch.write(ByteBuffer.wrap("GET /system/df HTTP/1.0\r\nHost: docker\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
            while (ch.read(buf) >= 0) {
                all.write(buf.array(), 0, buf.position());
                buf.clear();
            }
            return body(all.toByteArray());
        }
    }

    /** The JSON body of an HTTP/1.0 answer; a status other than 200 is an error with the engine's message. */
    static JsonNode body(byte[] response) throws IOException {
        String text = new String(response, StandardCharsets.UTF_8);
        int end = text.indexOf("\r\n\r\n");
        if (end < 0) throw new IOException("the engine's answer has no body");
        String status = text.substring(0, text.indexOf("\r\n"));
        JsonNode body = JSON.readTree(text.substring(end + 4));
        if (!status.contains(" 200 ")) throw new IOException("the engine answered " + status + ": " + body.path("message").asText());
        return body;
    }

    /**
     * The summary the tab and the command show: bytes and counts per kind, and the largest images.
     *
     * @param top how many of the largest images to list
     */
    static ObjectNode summary(JsonNode df, int top) {
        ObjectNode s = JSON.createObjectNode();
        ArrayNode kinds = s.putArray("kinds");
        long containers = 0;
        int running = 0;
        for (JsonNode c : df.path("Containers")) {
            containers += c.path("SizeRw").asLong(0);
            if ("running".equals(c.path("State").asText())) running++;
        }
        long volumes = 0;
        for (JsonNode v : df.path("Volumes")) volumes += Math.max(0, v.path("UsageData").path("Size").asLong(0));
        long cache = 0;
        for (JsonNode c : df.path("BuildCache")) cache += c.path("Size").asLong(0);
        kind(kinds, "Images", df.path("Images").size(), df.path("LayersSize").asLong(0));
        kind(kinds, "Containers", df.path("Containers").size(), containers).put("running", running);
        kind(kinds, "Local volumes", df.path("Volumes").size(), volumes);
        kind(kinds, "Build cache", df.path("BuildCache").size(), cache);
        long total = 0;
        for (JsonNode k : kinds) total += k.path("bytes").asLong();
        s.put("total", total);
        List<JsonNode> images = new ArrayList<>();
        df.path("Images").forEach(images::add);
        images.sort(Comparator.comparingLong((JsonNode i) -> i.path("Size").asLong()).reversed());
        ArrayNode largest = s.putArray("largest");
        for (JsonNode i : images.subList(0, Math.min(top, images.size()))) {
            JsonNode tags = i.path("RepoTags");
            String name = tags.isArray() && !tags.isEmpty() ? tags.get(0).asText() : i.path("Id").asText();
            largest.addObject().put("name", name).put("bytes", i.path("Size").asLong());
        }
        return s;
    }

    private static ObjectNode kind(ArrayNode kinds, String name, int count, long bytes) {
        return kinds.addObject().put("kind", name).put("count", count).put("bytes", bytes);
    }

    /** Bytes as {@code docker system df} prints them, such as {@code 12.5MB}. */
    static String human(long bytes) {
        String[] units = {"B", "kB", "MB", "GB", "TB"};
        double n = bytes;
        int i = 0;
        while (n >= 1000 && i < units.length - 1) {
            n /= 1000;
            i++;
        }
        return i == 0 ? bytes + "B" : String.format(java.util.Locale.ROOT, "%.3g%s", n, units[i]);
    }
}
