package dev.berth.vm.internal;

import dev.berth.api.vm.GuestEndpoint;
import dev.berth.vm.internal.tls.ClientTls;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Asks the guest's Docker Engine over mutual TLS: {@code GET /_ping} (the VM is ready when it answers OK) and whether containers run. */
final class EnginePing implements AutoCloseable {
    private final HttpClient client;
    private final URI uri;

    EnginePing(GuestEndpoint endpoint) throws IOException {
        this.client = HttpClient.newBuilder().sslContext(ClientTls.context(endpoint))
                .connectTimeout(Duration.ofSeconds(2)).build();
        this.uri = URI.create("https://" + endpoint.host() + ":" + endpoint.port() + "/_ping");
    }

    /** Whether the engine answers OK within a few seconds. */
    boolean ok() {
        try {
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(3)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 && r.body().strip().equals("OK");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Whether any container runs, or empty when the engine does not answer. */
    java.util.Optional<Boolean> anyContainerRunning() {
        try {
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(uri.resolve("/containers/json"))
                    .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? java.util.Optional.of(!r.body().strip().equals("[]")) : java.util.Optional.empty();
        } catch (IOException e) {
            return java.util.Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return java.util.Optional.empty();
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
