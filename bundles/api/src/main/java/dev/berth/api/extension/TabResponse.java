package dev.berth.api.extension;

import java.nio.charset.StandardCharsets;

/**
 * An extension tab's answer to a request.
 *
 * @param status      the HTTP status, such as 200
 * @param contentType the body's media type, such as {@code application/json}
 * @param body        the body
 */
public record TabResponse(int status, String contentType, byte[] body) {
    /** Checks the status and copies the body. */
    public TabResponse {
        if (status < 100 || status > 599) throw new IllegalArgumentException("HTTP status " + status);
        body = body.clone();
    }

    /** A 200 with a JSON document the extension wrote itself. */
    public static TabResponse json(String json) {
        return new TabResponse(200, "application/json", json.getBytes(StandardCharsets.UTF_8));
    }

    /** A plain-text answer with any status. */
    public static TabResponse text(int status, String text) {
        return new TabResponse(status, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public byte[] body() {
        return body.clone();
    }
}
