package dev.berth.ui.internal.docker;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/** A small Docker Engine API client over the engine's Unix socket (Netty with native epoll), one connection per call. */
public final class DockerClient implements AutoCloseable {
    /** The largest whole answer kept in memory, such as an inspect document or an image list. */
    static final int MAX_BODY = 64 << 20;

    /** Receives the bytes of a streaming answer. */
    public interface StreamListener {
        /** Bytes as they arrive, on a network thread: return quickly. */
        void data(byte[] bytes);

        /**
         * The stream ended.
         *
         * @param problem why, in words, when it ended on an error; null when the engine simply closed it
         */
        void end(String problem);
    }

    /** An open stream, closed by its owner. */
    public interface Stream extends AutoCloseable {
        /** Sends bytes into a hijacked stream, such as keys typed into a terminal; a plain GET stream only reads. */
        default void write(byte[] bytes) {
            throw new UnsupportedOperationException("this stream only reads");
        }

        /** Closes the connection. */
        @Override
        void close();
    }

    private final Supplier<Optional<Path>> socket;
    private final EventLoopGroup group;

    /** Uses the socket the supplier names, asked afresh for each connection. */
    public DockerClient(Supplier<Optional<Path>> socket) throws IOException {
        if (!Epoll.isAvailable()) {
            throw new IOException("the dashboard needs Netty's native epoll transport to reach the Docker socket: "
                    + Epoll.unavailabilityCause());
        }
        this.socket = socket;
        this.group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("berth-ui-docker", true),
                EpollIoHandler.newFactory());
    }

    /** Sends one request and collects the whole answer; {@code body} is sent as JSON unless null. */
    public CompletableFuture<DockerResponse> call(String method, String path, Object body) {
        CompletableFuture<DockerResponse> answer = new CompletableFuture<>();
        FullHttpRequest request;
        try {
            request = request(method, path, body);
        } catch (IOException e) {
            return CompletableFuture.failedFuture(e);
        }
        connect(new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
                ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(MAX_BODY), new CallHandler(answer));
            }
        }, answer::completeExceptionally, ch -> ch.writeAndFlush(request));
        return answer;
    }

    /**
     * Sends one request to another Unix socket that speaks HTTP, such as an extension's backend, and collects the
     * whole answer; {@code body} is sent as JSON unless null.
     */
    public CompletableFuture<DockerResponse> callAt(Path other, String method, String path, Object body) {
        CompletableFuture<DockerResponse> answer = new CompletableFuture<>();
        FullHttpRequest request;
        try {
            request = request(method, path, body);
        } catch (IOException e) {
            return CompletableFuture.failedFuture(e);
        }
        connect(Optional.of(other), new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
                ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(MAX_BODY), new CallHandler(answer));
            }
        }, answer::completeExceptionally, ch -> ch.writeAndFlush(request));
        return answer;
    }

    /** Opens a streaming GET, such as {@code /events} or followed logs; bytes go to the listener until closed. */
    public Stream stream(String path, StreamListener listener) {
        StreamHandler handler = new StreamHandler(listener);
        Stream handle = handler::close;
        FullHttpRequest request;
        try {
            request = request("GET", path, null);
        } catch (IOException e) {
            listener.end(e.getMessage());
            return handle;
        }
        connect(new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
                ch.pipeline().addLast(new HttpClientCodec(), handler);
            }
        }, e -> listener.end(e.getMessage()), ch -> ch.writeAndFlush(request));
        return handle;
    }

    /** Starts a hijacking POST (such as an exec start) and completes with the raw stream once the engine hands it over. */
    public CompletableFuture<Stream> hijack(String path, Object body, StreamListener listener) {
        CompletableFuture<Stream> opened = new CompletableFuture<>();
        byte[] json;
        try {
            json = body == null ? new byte[0] : DockerResponse.JSON.writeValueAsBytes(body);
        } catch (IOException e) {
            return CompletableFuture.failedFuture(e);
        }
        String head = "POST " + path + " HTTP/1.1\r\nHost: docker\r\nContent-Type: application/json\r\n"
                + "Connection: Upgrade\r\nUpgrade: tcp\r\nContent-Length: " + json.length + "\r\n\r\n";
        HijackHandler handler = new HijackHandler(opened, listener);
        connect(handler, opened::completeExceptionally, ch -> ch.writeAndFlush(
                Unpooled.wrappedBuffer(head.getBytes(StandardCharsets.ISO_8859_1), json)));
        return opened;
    }

    private void connect(ChannelHandler initializer, Consumer<Throwable> failed, Consumer<Channel> connected) {
        connect(socket.get(), initializer, failed, connected);
    }

    private void connect(Optional<Path> path, ChannelHandler initializer, Consumer<Throwable> failed, Consumer<Channel> connected) {
        if (path.isEmpty()) {
            failed.accept(new DockerUnavailableException(
                    "the Docker engine is not available yet; Berth starts it with the VM (berth start)", null));
            return;
        }
        ChannelFuture connecting = new Bootstrap().group(group).channel(EpollDomainSocketChannel.class)
                .handler(initializer).connect(new DomainSocketAddress(path.get().toFile()));
        connecting.addListener(f -> {
            if (f.isSuccess()) {
                connected.accept(connecting.channel());
            } else {
                failed.accept(new DockerUnavailableException("cannot reach the Docker engine at " + path.get() + " ("
                        + f.cause().getMessage() + "); check that Berth runs with: berth status", f.cause()));
            }
        });
    }

    static FullHttpRequest request(String method, String path, Object body) throws IOException {
        byte[] json = body == null ? new byte[0] : DockerResponse.JSON.writeValueAsBytes(body);
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.valueOf(method), path,
                Unpooled.wrappedBuffer(json));
        request.headers().set(HttpHeaderNames.HOST, "docker")
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, json.length);
        if (body != null) request.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON);
        return request;
    }

    static byte[] bytes(ByteBuf buf) {
        return ByteBufUtil.getBytes(buf);
    }

    /** Closes every connection. */
    @Override
    public void close() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
