package dev.berth.ui.internal;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Builds Docker API paths from names that users and the engine chose. */
final class Paths {
    private Paths() {
    }

    /** One path segment, percent-encoded so that a name cannot reach another endpoint. */
    static String segment(String value) {
        if (value == null || value.isBlank()) throw new IllegalArgumentException("a container, image or volume name is missing");
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** A query value, percent-encoded. */
    static String query(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
