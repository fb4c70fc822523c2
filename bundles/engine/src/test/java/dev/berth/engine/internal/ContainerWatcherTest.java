package dev.berth.engine.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.api.network.PortBinding;
import dev.berth.api.network.PortForwarder;
import dev.berth.api.network.PublishResult;
import dev.berth.api.network.PublishedPort;
import dev.berth.api.vm.GuestAgent;
import dev.berth.api.vm.GuestChannel;
import dev.berth.api.vm.GuestEndpoint;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.service.log.Logger;

/** The container watcher follows a VM run as soon as it is told the VM's state changed, not at its next look. */
class ContainerWatcherTest {
    @TempDir
    Path dir;
    private ServerSocketChannel server;
    private final List<SocketChannel> open = new CopyOnWriteArrayList<>();
    private final AtomicBoolean running = new AtomicBoolean();
    private ContainerWatcher watcher;

    @BeforeEach
    void engine() throws IOException {
        Path socket = dir.resolve("docker.sock");
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX).bind(UnixDomainSocketAddress.of(socket));
        Thread.ofVirtual().start(this::serve);
        GuestEndpoint endpoint = new GuestEndpoint("127.0.0.1", 1, null, null, null, socket);
        GuestChannel guest = new GuestChannel() {
            @Override
            public Optional<GuestEndpoint> docker() {
                return running.get() ? Optional.of(endpoint) : Optional.empty();
            }

            @Override
            public Optional<GuestAgent> agent() {
                return Optional.empty();
            }
        };
        watcher = new ContainerWatcher(new EngineApi(() -> guest), new NoPorts(), running::get,
                (Logger) java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
                        new Class<?>[] {Logger.class}, (p, m, a) -> null));
    }

    @AfterEach
    void close() throws IOException {
        watcher.close();
        server.close();
        for (SocketChannel c : open) c.close();
    }

    @Test
    void aRunThatBeginsIsReconciledOnceTheWatcherIsTold() throws Exception {
        Thread.sleep(200); // the watcher has looked, found no VM, and waits
        running.set(true);
        long t0 = System.nanoTime();
        watcher.vmChanged();
        watcher.reconciled().toCompletableFuture().get(ContainerWatcher.VM_WAIT_MILLIS / 2, TimeUnit.MILLISECONDS);
        long millis = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(millis < ContainerWatcher.VM_WAIT_MILLIS / 2, "reconciled after " + millis + " ms");
    }

    @Test
    void untoldItLooksAgainOnlyAfterItsWait() throws Exception {
        Thread.sleep(200);
        running.set(true);
        Thread.sleep(300);
        assertFalse(watcher.reconciled().toCompletableFuture().isDone(), "the watcher polled instead of waiting");
    }

    /** Answers {@code /events} with a stream that stays open, and {@code /containers/json} with no container. */
    private void serve() {
        while (server.isOpen()) {
            try {
                SocketChannel c = server.accept();
                open.add(c);
                ByteBuffer in = ByteBuffer.allocate(4096);
                String request = "";
                while (!request.contains("\r\n\r\n") && c.read(in) > 0) {
                    request = new String(in.array(), 0, in.position(), StandardCharsets.US_ASCII);
                }
                String answer = request.startsWith("GET /events")
                        ? "HTTP/1.0 200 OK\r\nContent-Type: application/json\r\n\r\n"
                        : "HTTP/1.0 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n[]";
                c.write(ByteBuffer.wrap(answer.getBytes(StandardCharsets.US_ASCII)));
                if (!request.startsWith("GET /events")) c.close();
            } catch (IOException e) {
                return;
            }
        }
    }

    /** No ports to publish. */
    private static final class NoPorts implements PortForwarder {
        @Override
        public PublishResult publish(String owner, String label, List<PortBinding> bindings) {
            throw new AssertionError("no container publishes a port here");
        }

        @Override
        public void withdraw(String owner) {
        }

        @Override
        public List<PublishedPort> published() {
            return List.of();
        }
    }
}
