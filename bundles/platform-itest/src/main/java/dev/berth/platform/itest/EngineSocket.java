package dev.berth.platform.itest;

import dev.berth.api.network.GuestSockets;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The port relay's socket forwarding as these tests offer it: every guest path leads to one host socket whose
 * server answers any request as the Docker Engine answers {@code GET /_ping}, so the VM bundle sees an engine
 * without a VM.
 */
final class EngineSocket implements GuestSockets, AutoCloseable {
    private static final byte[] OK = "HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\nOK"
            .getBytes(StandardCharsets.US_ASCII);
    private final Path path;
    private final ServerSocketChannel server;
    private final Thread acceptor;

    EngineSocket(Path path) throws IOException {
        this.path = path;
        Files.createDirectories(path.getParent());
        Files.deleteIfExists(path);
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(path));
        acceptor = Thread.ofVirtual().name("itest-engine").start(this::serve);
    }

    private void serve() {
        while (server.isOpen()) {
            try (SocketChannel ch = server.accept()) {
                ch.read(ByteBuffer.allocate(1024)); // the request; its content does not matter
                ch.write(ByteBuffer.wrap(OK));
            } catch (IOException e) {
                // closed, or a client gone: the next accept tells
            }
        }
    }

    @Override
    public Path forward(String guestPath) {
        return path;
    }

    @Override
    public boolean available() {
        return true;
    }

    @Override
    public void close() throws IOException {
        server.close();
        acceptor.interrupt();
        Files.deleteIfExists(path);
    }
}
