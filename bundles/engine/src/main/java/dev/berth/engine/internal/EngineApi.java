package dev.berth.engine.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.api.vm.GuestChannel;
import dev.berth.api.vm.GuestEndpoint;
import dev.berth.nativeio.http.UnixHttp;
import io.netty.handler.ssl.JdkSslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * A small Docker Engine API client of Berth's own for the proxy's side work: through the port relay's host socket
 * when the endpoint has one, else over mutual TLS.
 */
final class EngineApi {
    private static final ObjectMapper JSON = Json.MAPPER;
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private final Supplier<GuestChannel> channel;
    private GuestEndpoint endpoint;
    private HttpClient client;

    /**
     * An answer of the engine.
     *
     * @param status HTTP status
     * @param body   the body as text
     */
    record Answer(int status, String body) {
        boolean ok() {
            return status / 100 == 2;
        }

        JsonNode json() throws IOException {
            return JSON.readTree(body.isEmpty() ? "null" : body);
        }
    }

    EngineApi(Supplier<GuestChannel> channel) {
        this.channel = channel;
    }

    /** Sends a request with an optional JSON body. */
    Answer call(String method, String path, String body) throws IOException {
        GuestEndpoint guest = current().orElseThrow(() -> new IOException("Berth's VM is not running"));
        if (guest.socket() != null) {
            UnixHttp.Answer a = UnixHttp.call(guest.socket(), method, path, body, TIMEOUT);
            return new Answer(a.status(), a.body());
        }
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(TIMEOUT);
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) b.header("Content-Type", "application/json");
        try {
            HttpResponse<String> r = client().send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(r.statusCode(), r.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /** {@code GET path} as JSON, failing on an error answer. */
    JsonNode get(String path) throws IOException {
        Answer a = call("GET", path, null);
        if (!a.ok()) throw new IOException("GET " + path + " answered " + a.status() + ": " + a.body().strip());
        return a.json();
    }

    /** The lines of a streaming answer, such as {@code /events}; the stream ends when the engine goes away. */
    Stream<String> lines(String path) throws IOException {
        GuestEndpoint guest = current().orElseThrow(() -> new IOException("Berth's VM is not running"));
        if (guest.socket() != null) return UnixHttp.lines(guest.socket(), path);
        try {
            HttpResponse<Stream<String>> r = client().send(HttpRequest.newBuilder(uri(path)).build(),
                    HttpResponse.BodyHandlers.ofLines());
            if (r.statusCode() != 200) throw new IOException("GET " + path + " answered " + r.statusCode());
            return r.body();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private URI uri(String path) throws IOException {
        GuestEndpoint e = current().orElseThrow(() -> new IOException("Berth's VM is not running"));
        return URI.create("https://" + e.host() + ":" + e.port() + path);
    }

    private Optional<GuestEndpoint> current() {
        GuestChannel c = channel.get();
        return c == null ? Optional.empty() : c.docker();
    }

    private synchronized HttpClient client() throws IOException {
        GuestEndpoint e = current().orElseThrow(() -> new IOException("Berth's VM is not running"));
        if (client == null || !e.equals(endpoint)) {
            if (client != null) client.close();
            JdkSslContext tls = (JdkSslContext) SslContextBuilder.forClient().sslProvider(SslProvider.JDK)
                    .trustManager(e.caCert().toFile()).keyManager(e.clientCert().toFile(), e.clientKey().toFile()).build();
            client = HttpClient.newBuilder().sslContext(tls.context()).connectTimeout(Duration.ofSeconds(5)).build();
            endpoint = e;
        }
        return client;
    }

    /** Closes the connections. */
    synchronized void close() {
        if (client != null) client.close();
        client = null;
    }
}
