package dev.berth.vm.internal;

import dev.berth.api.network.GuestSockets;
import dev.berth.api.vm.GuestEndpoint;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.osgi.framework.BundleContext;
import org.osgi.service.log.Logger;
import org.osgi.util.tracker.ServiceTracker;

/**
 * How the host reaches the guest's Docker Engine, and waiting until it answers: through the host socket the port
 * relay (the network bundle's {@link GuestSockets}) forwards to the engine's API socket, else over mutual TLS.
 *
 * <p>{@link GuestSockets} is tracked from first use rather than referenced, because its provider uses the VM.
 */
final class EngineRoute implements AutoCloseable {
    /** The Docker Engine's API socket in the guest. */
    static final String ENGINE_SOCKET = "/var/run/docker.sock";
    private static final Duration ENGINE_TIMEOUT = Duration.ofMinutes(5);
    private final ServiceTracker<GuestSockets, GuestSockets> sockets;
    private final AtomicBoolean tracking = new AtomicBoolean();
    private final Path consoleLog;
    private final Logger log;

    EngineRoute(BundleContext context, Path consoleLog, Logger log) {
        this.sockets = new ServiceTracker<>(context, GuestSockets.class, null);
        this.consoleLog = consoleLog;
        this.log = log;
    }

    /** Whether the port relay's socket forwarding is there (else the engine is reached over TLS). */
    boolean relayOffered() {
        if (tracking.compareAndSet(false, true)) sockets.open();
        return sockets.getService() != null;
    }

    /**
     * The engine's endpoint in {@code launched} (the running machine): with the relay's host socket when the
     * network bundle offers it and the machine has the relay's channel (a VM an older Berth started may not), else
     * TLS only.
     */
    GuestEndpoint of(MachineLauncher.Launched launched) {
        GuestEndpoint tls = launched.endpoint();
        GuestSockets relay = relayOffered() ? sockets.getService() : null;
        if (relay == null || !relay.available()) return tls;
        try {
            return tls.withSocket(relay.forward(ENGINE_SOCKET));
        } catch (IOException e) {
            log.warn("cannot reach the engine's socket through the port relay, using TLS: {}", e.getMessage());
            return tls;
        }
    }

    /** Waits until the engine in {@code launched} answers; fails when the machine stops or five minutes pass. */
    void await(MachineLauncher.Launched launched) throws IOException {
        long begun = System.nanoTime();
        long deadline = begun + ENGINE_TIMEOUT.toNanos();
        GuestEndpoint endpoint = of(launched);
        EnginePing ping = new EnginePing(endpoint);
        try {
            while (!ping.ok()) {
                if (!launched.machine().isAlive()) {
                    throw new IOException("the VM stopped while booting: " + launched.machine().exited().getNow("?")
                            + ". Last console lines:\n" + ConsoleTail.last(consoleLog, 15));
                }
                if (System.nanoTime() > deadline) {
                    throw new IOException("the Docker Engine did not answer within " + ENGINE_TIMEOUT.toMinutes()
                            + " minutes. Last console lines:\n" + ConsoleTail.last(consoleLog, 15));
                }
                sleep(System.nanoTime() - begun < 3_000_000_000L ? 25 : 250);
                GuestEndpoint now = of(launched);   // the port relay may have come up meanwhile
                if (!now.equals(endpoint)) {
                    ping.close();
                    endpoint = now;
                    ping = new EnginePing(endpoint);
                }
            }
        } finally {
            ping.close();
        }
    }

    /** Whether the engine in {@code launched} answers a ping now (within a few seconds). */
    boolean answers(MachineLauncher.Launched launched) {
        try (EnginePing ping = new EnginePing(of(launched))) {
            return ping.ok();
        }
    }

    @Override
    public void close() {
        sockets.close();
    }

    private static void sleep(long millis) throws IOException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
