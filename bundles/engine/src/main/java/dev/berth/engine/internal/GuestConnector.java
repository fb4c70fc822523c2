package dev.berth.engine.internal;

import dev.berth.api.vm.GuestEndpoint;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;

/**
 * Opens a connection to the Docker Engine in the guest for each client connection: in plain text through the host
 * Unix socket the port relay forwards to the engine's API socket when the endpoint has one, else with mutual TLS.
 */
final class GuestConnector {
    private static final int CONNECT_TIMEOUT_MILLIS = 5_000;
    private static final long HANDSHAKE_TIMEOUT_MILLIS = 10_000;

    /** The credentials a TLS context was built from, with their modification times so new files are noticed. */
    private record Credentials(GuestEndpoint endpoint, List<FileTime> modified) {
    }

    /** Guest TLS handshakes in flight at once; more wait their turn. */
    static final int PARALLEL_HANDSHAKES = 16;
    private final HandshakeGate gate = new HandshakeGate(PARALLEL_HANDSHAKES);
    private Credentials credentials;
    private SslContext context;

    /**
     * Connects on the client's event loop, so both sides of a proxied connection share one thread; at most
     * {@value #PARALLEL_HANDSHAKES} connections are set up at once and the others wait in order.
     *
     * @return a future that completes with the channel once the TLS handshake has succeeded
     */
    Future<Channel> connect(Channel client, GuestEndpoint endpoint, FrontendHandler frontend) {
        Promise<Channel> ready = client.eventLoop().newPromise();
        if (endpoint.socket() != null) {
            openPlain(client, endpoint.socket(), frontend, ready);
            return ready;
        }
        SslContext ssl;
        try {
            ssl = context(endpoint);
        } catch (IOException e) {
            return ready.setFailure(e);
        }
        ready.addListener(f -> gate.release());
        gate.enter(() -> client.eventLoop().execute(() -> {
            if (!client.isActive()) {
                ready.tryFailure(new IOException("the client left before its engine connection was set up"));
            } else {
                open(client, endpoint, frontend, ssl, ready);
            }
        }));
        return ready;
    }

    private static void openPlain(Channel client, Path socket, FrontendHandler frontend, Promise<Channel> ready) {
        ChannelFuture connected = new Bootstrap()
                .group(client.eventLoop())
                .channel(EpollDomainSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, CONNECT_TIMEOUT_MILLIS)
                .option(ChannelOption.ALLOW_HALF_CLOSURE, true)   // a hijacked stream's end arrives as a half-close
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, EngineServer.WATER_MARK)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast("http", new HttpClientCodec(EngineServer.decoderConfig(), false, false))
                                .addLast("backend", new BackendHandler(frontend, client));
                    }
                })
                .connect(new DomainSocketAddress(socket.toFile()));
        connected.addListener(f -> {
            if (f.isSuccess()) {
                ready.trySuccess(connected.channel());
            } else {
                ready.tryFailure(f.cause());
            }
        });
    }

    private void open(Channel client, GuestEndpoint endpoint, FrontendHandler frontend, SslContext ssl,
                      Promise<Channel> ready) {
        ChannelFuture connected = new Bootstrap()
                .group(client.eventLoop())
                .channel(EpollSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, CONNECT_TIMEOUT_MILLIS)
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, EngineServer.WATER_MARK)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        SslHandler tls = ssl.newHandler(ch.alloc(), endpoint.host(), endpoint.port());
                        tls.setHandshakeTimeoutMillis(HANDSHAKE_TIMEOUT_MILLIS);
                        ch.pipeline().addLast("tls", tls)
                                .addLast("http", new HttpClientCodec(EngineServer.decoderConfig(), false, false))
                                .addLast("backend", new BackendHandler(frontend, client));
                    }
                })
                .connect(endpoint.host(), endpoint.port());
        connected.addListener(f -> {
            if (!f.isSuccess()) {
                ready.tryFailure(f.cause());
                return;
            }
            Channel backend = connected.channel();
            backend.pipeline().get(SslHandler.class).handshakeFuture().addListener(handshake -> {
                if (handshake.isSuccess()) {
                    ready.trySuccess(backend);
                } else {
                    backend.close();
                    ready.tryFailure(handshake.cause());
                }
            });
        });
    }

    /** The TLS context for the endpoint's credentials, built again when they change. */
    private synchronized SslContext context(GuestEndpoint endpoint) throws IOException {
        try {
            List<FileTime> modified = new ArrayList<>();
            for (Path file : List.of(endpoint.caCert(), endpoint.clientCert(), endpoint.clientKey())) {
                modified.add(Files.getLastModifiedTime(file));
            }
            Credentials now = new Credentials(endpoint, modified);
            if (!now.equals(credentials)) {
                context = SslContextBuilder.forClient()
                        .trustManager(endpoint.caCert().toFile())
                        .keyManager(endpoint.clientCert().toFile(), endpoint.clientKey().toFile())
                        .build();
                credentials = now;
            }
            return context;
        } catch (IOException | IllegalArgumentException e) {
            throw new EngineErrors.CredentialsException("Berth cannot read the Docker Engine's TLS credentials ("
                    + endpoint.caCert() + ", " + endpoint.clientCert() + ", " + endpoint.clientKey() + "): "
                    + e.getMessage(), e);
        }
    }
}
