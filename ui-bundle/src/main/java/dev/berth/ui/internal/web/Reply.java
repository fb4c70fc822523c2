package dev.berth.ui.internal.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An answer to send.
 *
 * @param status      the HTTP status
 * @param contentType the media type of the body
 * @param body        the body
 * @param headers     extra headers
 */
public record Reply(int status, String contentType, byte[] body, Map<String, String> headers) {
    static final ObjectMapper JSON = new ObjectMapper();

    /** A 200 with a JSON body. */
    public static Reply json(Object value) {
        return json(200, value);
    }

    /** A JSON body with any status. */
    public static Reply json(int status, Object value) {
        try {
            return new Reply(status, "application/json", JSON.writeValueAsBytes(value), Map.of());
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write " + value.getClass().getName() + " as JSON", e);
        }
    }

    /** A JSON {@code {"message": ...}} saying what happened. */
    public static Reply message(int status, String message) {
        return json(status, Map.of("message", message));
    }

    /** A download with a file name. */
    public static Reply download(String contentType, byte[] body, String fileName) {
        return new Reply(200, contentType, body, Map.of("Content-Disposition", "attachment; filename=\"" + fileName + "\""));
    }

    /** A plain-text body. */
    public static Reply text(int status, String text) {
        return new Reply(status, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    /** The same reply with one more header. */
    public Reply with(String name, String value) {
        Map<String, String> all = new LinkedHashMap<>(headers);
        all.put(name, value);
        return new Reply(status, contentType, body, all);
    }
}
