package dev.berth.platform.internal;

import dev.berth.api.daemon.Daemon;
import dev.berth.cli.home.PrivateHome;
import dev.berth.cli.protocol.Frame;
import dev.berth.cli.protocol.FrameChannel;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;

/** Serves the {@code berth} command on a Unix socket only the owner can open. */
@Component(immediate = true)
public final class ControlServer {
    private final Bundle system;
    private final Daemon daemon;
    private final Logger log;
    private final Path socket;
    private final ServerSocketChannel server;
    private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
    private volatile CommandRunner runner;

    /** Binds the control socket with mode 0600 and starts accepting. */
    @Activate
    public ControlServer(BundleContext context, @Reference Daemon daemon,
                         @Reference(service = LoggerFactory.class) Logger log) throws IOException {
        this.system = context.getBundle(0);
        this.daemon = daemon;
        this.log = log;
        this.socket = daemon.home().resolve("run").resolve("berth.sock");
        Files.deleteIfExists(socket);
        this.server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        PrivateHome.ownerOnly(socket);
        Thread.ofVirtual().name("berth-control-accept").start(this::acceptLoop);
        log.info("control socket listening on {}", socket);
    }

    /** Binds the command runner once Gogo is available. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void setRunner(CommandRunner runner) {
        this.runner = runner;
    }

    void unsetRunner(CommandRunner runner) {
        if (this.runner == runner) this.runner = null;
    }

    /** Closes the socket; connections in progress end. */
    @Deactivate
    void deactivate() throws IOException {
        server.close();
        workers.shutdownNow();
        Files.deleteIfExists(socket);
    }

    private void acceptLoop() {
        while (server.isOpen()) {
            try {
                SocketChannel client = server.accept();
                workers.submit(() -> serve(client));
            } catch (IOException e) {
                if (server.isOpen()) log.warn("control socket accept failed: {}", e.toString());
            }
        }
    }

    private void serve(SocketChannel client) {
        try (FrameChannel frames = new FrameChannel(client)) {
            Frame request = frames.read();
            if (request == null || request.type() != Frame.REQUEST) {
                frames.write(Frame.text(Frame.STDERR, "expected a request frame\n"));
                frames.write(Frame.exit(2));
                return;
            }
            List<String> words = request.words();
            String verb = words.getFirst();
            List<String> args = words.subList(1, words.size());
            int code = switch (verb) {
                case "ping" -> ping(frames);
                case "exec", "line", "shell" -> {
                    CommandRunner r = runner;
                    if (r == null) {
                        frames.write(Frame.text(Frame.STDERR, "the daemon's command shell is not available yet; try again\n"));
                        yield 75;
                    }
                    yield switch (verb) {
                        case "exec" -> r.exec(args, frames);
                        case "line" -> r.line(String.join(" ", args), frames);
                        default -> r.shell(frames);
                    };
                }
                default -> {
                    frames.write(Frame.text(Frame.STDERR, "unknown request '" + verb + "'\n"));
                    yield 2;
                }
            };
            frames.write(Frame.exit(code));
        } catch (IOException e) {
            log.debug("control connection ended: {}", e.toString());
        }
    }

    /** Whether every bundle that is not a fragment is active, so every command is registered. */
    private boolean allStarted() {
        for (Bundle b : system.getBundleContext().getBundles()) {
            boolean fragment = b.getHeaders("").get(org.osgi.framework.Constants.FRAGMENT_HOST) != null;
            if (!fragment && b.getState() != Bundle.ACTIVE) return false;
        }
        return system.getState() == Bundle.ACTIVE;
    }

    private int ping(FrameChannel frames) throws IOException {
        String state = allStarted() ? "ready" : "starting";
        String answer = "pid=" + daemon.pid() + "\nversion=" + daemon.version() + "\nstarted=" + daemon.startedAt()
                + "\nstate=" + state + "\n";
        frames.write(Frame.text(Frame.STDOUT, answer));
        return 0;
    }
}
