package dev.berth.engine.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.api.network.PortBinding;
import dev.berth.api.network.PortForwarder;
import dev.berth.api.network.PublishedPort;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.osgi.service.log.Logger;

/**
 * Keeps published ports in step with the engine: follows container events (starts by restart policies, stops,
 * deaths, removals) and reconciles with the running containers whenever it (re)connects, such as after a VM restart.
 */
final class ContainerWatcher implements AutoCloseable {
    private static final ObjectMapper JSON = Json.MAPPER;
    private static final String EVENTS = "/events?filters="
            + URLEncoder.encode("{\"type\":[\"container\"]}", StandardCharsets.UTF_8);
    /**
     * How long the watcher waits for word of the VM's state before it looks again itself: a start that announces
     * its RUNNING state wakes it at once (the wait is on {@code berth start}'s path), this is only a safety net.
     */
    static final long VM_WAIT_MILLIS = 5_000;
    private final EngineApi api;
    private final PortForwarder ports;
    private final BooleanSupplier vmRunning;
    private final Logger log;
    private final Thread thread;
    private volatile boolean closed;
    private volatile Stream<String> events;
    /** Completed by the first reconcile of a VM run; replaced by a new one when the run ends. */
    private volatile CompletableFuture<Void> reconciled = new CompletableFuture<>();
    private final Object vmChange = new Object();
    /** Counts the VM's state changes, so that one told between a look and the wait is not missed; guarded by vmChange. */
    private long vmChanges;

    ContainerWatcher(EngineApi api, PortForwarder ports, BooleanSupplier vmRunning, Logger log) {
        this.api = api;
        this.ports = ports;
        this.vmRunning = vmRunning;
        this.log = log;
        this.thread = Thread.ofPlatform().daemon().name("berth-container-events").start(this::run);
    }

    private void run() {
        while (!closed) {
            long seen = vmChanges();
            if (!vmRunning.getAsBoolean()) {
                if (reconciled.isDone()) reconciled = new CompletableFuture<>();
                awaitVmChange(seen);
                continue;
            }
            try (Stream<String> stream = api.lines(EVENTS)) {
                events = stream;
                reconcile();
                reconciled.complete(null);
                stream.forEach(this::event);
            } catch (IOException | UncheckedIOException e) {
                if (!closed) log.debug("container events ended: {}", e.toString());
            }
            // The stream ends with the VM's run (or a broken link): the next run is reconciled afresh.
            if (reconciled.isDone()) reconciled = new CompletableFuture<>();
            pause(100);
        }
    }

    private void event(String line) {
        try {
            JsonNode e = JSON.readTree(line);
            String action = e.path("Action").asText(e.path("status").asText());
            String id = e.path("Actor").path("ID").asText(e.path("id").asText());
            switch (action) {
                case "start" -> publishActual(id);
                case "die", "destroy" -> ports.withdraw(id);
                default -> { }
            }
        } catch (IOException e) {
            log.warn("unreadable container event: {}", line);
        }
    }

    /** The VM's state changed: a watcher waiting for the VM to run looks again at once. */
    void vmChanged() {
        synchronized (vmChange) {
            vmChanges++;
            vmChange.notifyAll();
        }
    }

    private long vmChanges() {
        synchronized (vmChange) {
            return vmChanges;
        }
    }

    private void awaitVmChange(long seen) {
        long deadline = System.nanoTime() + VM_WAIT_MILLIS * 1_000_000;
        synchronized (vmChange) {
            long left;
            while (vmChanges == seen && !closed && (left = (deadline - System.nanoTime()) / 1_000_000) > 0) {
                try {
                    vmChange.wait(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    closed = true;
                }
            }
        }
    }

    /** Completes once the ports of the current VM run's running containers are published. */
    CompletionStage<Void> reconciled() {
        return reconciled.copy();
    }

    /** Publishes the ports of every running container and withdraws those of containers that no longer run. */
    void reconcile() throws IOException {
        Set<String> running = new HashSet<>();
        for (JsonNode c : api.get("/containers/json")) {
            String id = c.path("Id").asText();
            running.add(id);
            if (c.path("Ports").size() > 0) publishActual(id);
        }
        for (PublishedPort p : ports.published()) {
            if (!running.contains(p.owner())) ports.withdraw(p.owner());
        }
    }

    private void publishActual(String id) {
        try {
            JsonNode inspect = api.get("/containers/" + id + "/json");
            List<PortBinding> actual = ContainerPorts.actual(inspect);
            if (actual.isEmpty()) return;
            if (ports.publish(inspect.path("Id").asText(id), ContainerPorts.name(inspect), actual)
                    instanceof dev.berth.api.network.PublishResult.Refused r) {
                log.warn("container {} runs but its port cannot be published on the host: {}",
                        ContainerPorts.name(inspect), r.reason());
            }
        } catch (IOException e) {
            log.debug("cannot inspect container {}: {}", id, e.getMessage());
        }
    }

    private void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed = true;
        }
    }

    @Override
    public void close() {
        closed = true;
        Stream<String> s = events;
        if (s != null) s.close();
        thread.interrupt();
    }
}
