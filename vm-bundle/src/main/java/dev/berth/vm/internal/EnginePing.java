package dev.berth.vm.internal;

import dev.berth.api.vm.GuestEndpoint;
import dev.berth.nativeio.http.UnixHttp;
import dev.berth.vm.internal.tls.ClientTls;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * Asks the guest's Docker Engine {@code GET /_ping} (the VM is ready when it answers OK) and whether containers run:
 * through the endpoint's host Unix socket when it has one, else over mutual TLS.
 */
final class EnginePing implements AutoCloseable {
    private final GuestEndpoint endpoint;
    private HttpClient client;

    EnginePing(GuestEndpoint endpoint) {
        this.endpoint = endpoint;
    }

    /** Whether the engine answers OK within a few seconds. */
    boolean ok() {
        return get("/_ping", Duration.ofSeconds(3)).filter(a -> a.status() == 200 && a.body().strip().equals("OK"))
                .isPresent();
    }

    /** Whether any container runs, or empty when the engine does not answer. */
    Optional<Boolean> anyContainerRunning() {
        return get("/containers/json", Duration.ofSeconds(5)).filter(a -> a.status() == 200)
                .map(a -> !a.body().strip().equals("[]"));
    }

    /** {@code GET path}; empty when it cannot connect, fails, or takes longer than {@code timeout}. */
    private Optional<UnixHttp.Answer> get(String path, Duration timeout) {
        try {
            if (endpoint.socket() != null) return Optional.of(UnixHttp.call(endpoint.socket(), "GET", path, null, timeout));
            if (client == null) {
                client = HttpClient.newBuilder().sslContext(ClientTls.context(endpoint))
                        .connectTimeout(Duration.ofSeconds(2)).build();
            }
            URI uri = URI.create("https://" + endpoint.host() + ":" + endpoint.port() + path);
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(uri).timeout(timeout).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            return Optional.of(new UnixHttp.Answer(r.statusCode(), r.body()));
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    @Override
    public void close() {
        if (client != null) client.close();
    }
}
