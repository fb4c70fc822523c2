package dev.berth.api.extension;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * A request to an extension's dashboard tab, already authorized by the dashboard.
 *
 * @param method the HTTP method, such as {@code GET}
 * @param path   the path relative to the tab's address, without a leading slash ({@code ""} for the tab itself)
 * @param query  the query parameters
 * @param body   the request's body, empty for none
 */
public record TabRequest(String method, String path, Map<String, List<String>> query, byte[] body) {
    /** Copies the query and the body. */
    public TabRequest {
        query = Map.copyOf(query);
        body = body.clone();
    }

    /** A query parameter, or {@code fallback} when it is absent. */
    public String param(String name, String fallback) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? fallback : values.getFirst();
    }

    /** The body as UTF-8 text. */
    public String text() {
        return new String(body, StandardCharsets.UTF_8);
    }

    @Override
    public byte[] body() {
        return body.clone();
    }
}
