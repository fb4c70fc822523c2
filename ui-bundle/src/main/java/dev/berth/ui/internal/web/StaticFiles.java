package dev.berth.ui.internal.web;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Optional;

/** The dashboard's pages, scripts and styles, served from the bundle's {@code dev/berth/ui/web} folder. */
public final class StaticFiles {
    private static final String ROOT = "dev/berth/ui/web/";
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml",
            "png", "image/png",
            "ico", "image/x-icon",
            "json", "application/json");
    private final ClassLoader loader;

    /** Reads files through {@code loader}, the bundle's class loader. */
    public StaticFiles(ClassLoader loader) {
        this.loader = loader;
    }

    /** The media type served for a file name, by its extension, or empty for a kind of file that is not served. */
    public static Optional<String> type(String name) {
        return Optional.ofNullable(TYPES.get(name.substring(name.lastIndexOf('.') + 1)));
    }

    /** The file for a URL path ({@code /} is the main page), or empty when there is none. */
    public Optional<Reply> get(String path) throws IOException {
        String name = path.equals("/") ? "index.html" : path.substring(1);
        if (name.isEmpty() || name.contains("..") || name.contains("//") || name.endsWith("/")) return Optional.empty();
        String extension = name.substring(name.lastIndexOf('.') + 1);
        String type = TYPES.get(extension);
        if (type == null) return Optional.empty();
        try (InputStream in = loader.getResourceAsStream(ROOT + name)) {
            if (in == null) return Optional.empty();
            String cache = name.startsWith("vendor/") ? "max-age=86400" : "no-cache";
            return Optional.of(new Reply(200, type, in.readAllBytes(), Map.of("Cache-Control", cache)));
        }
    }
}
