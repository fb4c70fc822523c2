package dev.berth.vm.internal.tls;

import dev.berth.api.vm.GuestEndpoint;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;

/**
 * Readies a fresh daemon's TLS client path while the VM resumes, so that the first engine ping does not pay for
 * loading and compiling it (measured: about a second of a resumed start went to that first ping).
 */
public final class TlsWarmup {
    private TlsWarmup() {
    }

    /** Loads the credentials, shakes hands in memory between two engines of that context, and builds an HTTP client. */
    public static void run(GuestEndpoint credentials) {
        try {
            SSLContext context = ClientTls.context(credentials);
            handshakeInMemory(context);
            try (HttpClient client = HttpClient.newBuilder().sslContext(context).connectTimeout(Duration.ofMillis(200)).build()) {
                client.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:9/_ping")).timeout(Duration.ofMillis(300))
                        .build(), HttpResponse.BodyHandlers.discarding());
            }
        } catch (Exception | LinkageError e) {
            // only a warm-up: the real ping reports real problems
        }
    }

    private static void handshakeInMemory(SSLContext context) throws Exception {
        SSLEngine client = context.createSSLEngine("berth-warmup", 0);
        client.setUseClientMode(true);
        SSLEngine server = context.createSSLEngine();
        server.setUseClientMode(false);
        int size = Math.max(client.getSession().getPacketBufferSize(), client.getSession().getApplicationBufferSize());
        ByteBuffer toServer = ByteBuffer.allocate(size * 2);
        ByteBuffer toClient = ByteBuffer.allocate(size * 2);
        ByteBuffer app = ByteBuffer.allocate(size * 2);
        ByteBuffer empty = ByteBuffer.allocate(0);
        client.beginHandshake();
        server.beginHandshake();
        for (int i = 0; i < 40; i++) {
            step(client, empty, toServer, toClient, app);
            step(server, empty, toClient, toServer, app);
            if (client.getHandshakeStatus() == HandshakeStatus.NOT_HANDSHAKING
                    && server.getHandshakeStatus() == HandshakeStatus.NOT_HANDSHAKING) {
                return;
            }
        }
    }

    private static void step(SSLEngine engine, ByteBuffer empty, ByteBuffer out, ByteBuffer in, ByteBuffer app) throws Exception {
        switch (engine.getHandshakeStatus()) {
            case NEED_WRAP -> engine.wrap(empty, out);
            case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> {
                in.flip();
                engine.unwrap(in, app);
                in.compact();
                app.clear();
            }
            case NEED_TASK -> {
                for (Runnable task; (task = engine.getDelegatedTask()) != null; ) task.run();
            }
            default -> {
            }
        }
    }
}
