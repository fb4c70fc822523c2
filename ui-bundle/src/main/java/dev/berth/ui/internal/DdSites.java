package dev.berth.ui.internal;

import dev.berth.api.extension.DockerExtension;
import dev.berth.api.extension.DockerExtensions;
import dev.berth.ui.internal.web.OriginSites;
import dev.berth.ui.internal.web.Reply;
import dev.berth.ui.internal.web.Router;
import dev.berth.ui.internal.web.StaticFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Serves each Docker Desktop-format extension's UI at {@code http://<id>.localhost:<port>/}, an origin of its own that
 * the dashboard's cookie never reaches, with {@code window.ddClient} put into every page.
 */
final class DdSites implements OriginSites {
    /** The ddClient script's address on every extension's origin. */
    static final String CLIENT = "/.berth/ddclient.js";
    private static final Pattern HOST = Pattern.compile("([a-z0-9][a-z0-9-]{0,62})\\.localhost:(\\d{1,5})");
    /** The page's head (not a {@code <header>}), else its html element. */
    private static final Pattern HEAD = Pattern.compile("<head(\\s[^>]*)?>", Pattern.CASE_INSENSITIVE);
    private static final Pattern HTML = Pattern.compile("<html(\\s[^>]*)?>", Pattern.CASE_INSENSITIVE);
    private final Supplier<Optional<DockerExtensions>> extensions;
    private final int port;
    private final String policy;

    DdSites(Supplier<Optional<DockerExtensions>> extensions, int port) {
        this.extensions = extensions;
        this.port = port;
        // only the dashboard may frame the page; it may load its own files and anything from the web but call only
        // its own origin (its backend is reached through ddClient)
        this.policy = "default-src 'self' data: blob:; script-src 'self' 'unsafe-inline' 'unsafe-eval';"
                + " style-src 'self' 'unsafe-inline' https:; img-src * data: blob:; font-src 'self' data: https:;"
                + " connect-src 'self'; frame-ancestors http://127.0.0.1:" + port + " http://localhost:" + port
                + "; base-uri 'self'; form-action 'self'";
    }

    /** The address of an extension's tab page. */
    static String url(DockerExtension e, int port) {
        return "http://" + e.id() + ".localhost:" + port + "/" + e.tabPage();
    }

    @Override
    public Router.Action site(String host) {
        Matcher m = HOST.matcher(host.toLowerCase(Locale.ROOT));
        if (!m.matches() || Integer.parseInt(m.group(2)) != port) return null;
        Optional<DockerExtension> ext = extensions.get().flatMap(d -> d.find(m.group(1)))
                .filter(e -> e.id().equals(m.group(1)) && !e.tabPage().isEmpty());
        // an unknown name under .localhost is still no dashboard address: answer it here, without the token
        if (ext.isEmpty()) return r -> CompletableFuture.completedFuture(Reply.message(404, "there is no extension " + m.group(1)));
        return r -> CompletableFuture.completedFuture(headers(serve(ext.get(), r.method(), r.path())));
    }

    private Reply headers(Reply r) {
        return r.with("Content-Security-Policy", policy).with("X-Frame-Options", "")
                .with("Cross-Origin-Opener-Policy", "").with("Cache-Control", "no-cache");
    }

    private Reply serve(DockerExtension e, String method, String path) {
        if (!method.equals("GET") && !method.equals("HEAD")) return Reply.message(405, method + " is not allowed here");
        try {
            if (path.equals(CLIENT)) return client(e);
            if (path.equals("/")) return new Reply(303, "text/plain", new byte[0], Map.of("Location", "/" + e.tabPage()));
            Path root = e.folder().resolve("ui").toAbsolutePath().normalize();
            Path file = root.resolve(path.substring(1)).normalize();
            if (!file.startsWith(root) || !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                return Reply.message(404, "there is no file " + path);
            }
            String type = StaticFiles.type(file.getFileName().toString()).orElse(other(file));
            byte[] body = Files.readAllBytes(file);
            return new Reply(200, type, type.startsWith("text/html") ? inject(body) : body, Map.of());
        } catch (IOException ex) {
            return Reply.message(500, "cannot read " + path + ": " + ex.getMessage());
        }
    }

    private static String other(Path file) {
        String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (n.endsWith(".mjs")) return "text/javascript; charset=utf-8";
        if (n.endsWith(".woff2")) return "font/woff2";
        if (n.endsWith(".jpg") || n.endsWith(".jpeg")) return "image/jpeg";
        if (n.endsWith(".txt") || n.endsWith(".map")) return "text/plain; charset=utf-8";
        return "application/octet-stream";
    }

    /** Puts the ddClient script first into a page, so it is there before the extension's own scripts run. */
    static byte[] inject(byte[] html) {
        String page = new String(html, StandardCharsets.UTF_8);
        String tag = "<script src=\"" + CLIENT + "\"></script>";
        Matcher m = HEAD.matcher(page);
        if (!m.find()) m = HTML.matcher(page);
        String out = m.find(0) ? page.substring(0, m.end()) + tag + page.substring(m.end()) : tag + page;
        return out.getBytes(StandardCharsets.UTF_8);
    }

    private static Reply client(DockerExtension e) throws IOException {
        try (InputStream in = DdSites.class.getResourceAsStream("/dev/berth/ui/ddext/ddclient.js")) {
            if (in == null) throw new IOException("the ddClient script is missing from the bundle");
            String js = new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .replace("/*image*/''", dev.berth.ui.internal.docker.DockerResponse.JSON.writeValueAsString(e.image()));
            return new Reply(200, "text/javascript; charset=utf-8", js.getBytes(StandardCharsets.UTF_8), Map.of());
        }
    }
}
