package dev.berth.ui.internal.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * A whole answer of the Docker Engine API.
 *
 * @param status the HTTP status
 * @param body   the body as received
 */
public record DockerResponse(int status, byte[] body) {
    /** Parses JSON for every caller; Docker's documents are plain JSON. */
    public static final ObjectMapper JSON = new ObjectMapper();

    /** Whether the engine accepted the request (2xx or 304, which Docker uses for "already in that state"). */
    public boolean ok() {
        return status / 100 == 2 || status == 304;
    }

    /** The body parsed as JSON; an empty body is an empty object. */
    public JsonNode json() throws IOException {
        return body.length == 0 ? JSON.createObjectNode() : JSON.readTree(body);
    }

    /** Docker's own error sentence from a failed answer, else the status and body text. */
    public String error() {
        try {
            String message = JSON.readTree(body).path("message").asText("");
            if (!message.isEmpty()) return message;
        } catch (IOException | RuntimeException e) {
            // not JSON: fall through to the raw text
        }
        String text = new String(body, StandardCharsets.UTF_8).strip();
        return "the Docker engine answered " + status + (text.isEmpty() ? "" : ": " + text);
    }
}
