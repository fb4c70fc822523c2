package dev.berth.ui.internal.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * An authorized API request after routing.
 *
 * @param method the HTTP method
 * @param path   the path without the query
 * @param vars   values of the route's {@code {name}} segments
 * @param query  query parameters
 * @param body   the request body
 */
public record Request(String method, String path, Map<String, String> vars, Map<String, List<String>> query, byte[] body) {
    private static final ObjectMapper JSON = Reply.JSON;

    /** A route variable such as {@code id}. */
    public String var(String name) {
        return vars.get(name);
    }

    /** A query parameter, or {@code fallback} when absent. */
    public String param(String name, String fallback) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? fallback : values.getFirst();
    }

    /** The body as JSON; an empty body is an empty object. */
    public JsonNode json() throws IOException {
        return body.length == 0 ? JSON.createObjectNode() : JSON.readTree(body);
    }
}
