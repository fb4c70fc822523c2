package dev.berth.hypervisor.qemu.internal.qmp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.hypervisor.qemu.internal.files.QemuFiles;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A client of QEMU's machine protocol (QMP): JSON commands and replies on a Unix socket, plus async events. Each
 * command carries an {@code id} that QEMU echoes in its reply, so a reply that comes after its command gave up
 * waiting is dropped instead of being taken for the answer to the next command.
 *
 * <p>The socket is a raw descriptor ({@link QmpSocket}) rather than a JDK channel, so that a command can carry
 * descriptors to QEMU ({@code getfd}); QEMU keeps those per connection, which is why they and the commands that use
 * them (such as {@code migrate} to {@code fd:NAME}) go through this one client.
 */
public final class QmpClient implements AutoCloseable {
    private static final ObjectMapper JSON = Json.MAPPER;
    private final QmpSocket socket;
    private final CompletableFuture<JsonNode> greeting = new CompletableFuture<>();
    private final Map<Long, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final CopyOnWriteArrayList<Consumer<JsonNode>> eventListeners = new CopyOnWriteArrayList<>();
    private final Object commandLock = new Object();
    private volatile boolean closed;
    private volatile Runnable onDisconnect = () -> { };

    private QmpClient(QmpSocket socket) {
        this.socket = socket;
    }

    /** Connects, reads the greeting and enters command mode. */
    public static QmpClient connect(Path socket, Duration timeout) throws IOException {
        QmpSocket connection;
        try {
            connection = QmpSocket.connect(socket);
        } catch (IOException e) {
            throw new IOException("cannot connect to QEMU's control socket " + socket + ": " + e.getMessage(), e);
        }
        QmpClient qmp = new QmpClient(connection);
        Thread.ofPlatform().daemon().name("berth-qmp-reader").start(qmp::readLoop);
        try {
            qmp.await(qmp.greeting, timeout, "the QMP greeting");
            qmp.execute("qmp_capabilities", Map.of(), timeout);
        } catch (IOException e) {
            qmp.close();
            throw e;
        }
        return qmp;
    }

    /** The command-line arguments that make QEMU offer QMP on {@code socket}, without waiting for a client. */
    public static List<String> arguments(Path socket) {
        return List.of("-qmp", "unix:" + QemuFiles.escape(socket) + ",server=on,wait=off");
    }

    /** Calls {@code listener} with every asynchronous event, such as {@code SHUTDOWN}. */
    public void onEvent(Consumer<JsonNode> listener) {
        eventListeners.add(listener);
    }

    /** Runs {@code action} once when the connection to QEMU ends. */
    public void onDisconnect(Runnable action) {
        this.onDisconnect = action;
    }

    /**
     * Runs a command and returns its {@code return} value.
     *
     * @throws IOException when QEMU answers with an error (its description is the message) or does not answer
     */
    public JsonNode execute(String command, Map<String, ?> arguments, Duration timeout) throws IOException {
        return execute(command, arguments, timeout, new int[0]);
    }

    /**
     * Runs a command that takes a descriptor from its connection, such as {@code getfd}, sending {@code fd} along with
     * it; QEMU gets a copy of its own, so the caller still closes {@code fd}.
     */
    public JsonNode executeWithDescriptor(String command, Map<String, ?> arguments, int fd, Duration timeout)
            throws IOException {
        return execute(command, arguments, timeout, new int[] {fd});
    }

    private JsonNode execute(String command, Map<String, ?> arguments, Duration timeout, int[] fds) throws IOException {
        long id = ids.incrementAndGet();
        ObjectNode request = JSON.createObjectNode().put("execute", command).put("id", id);
        if (!arguments.isEmpty()) request.set("arguments", JSON.valueToTree(arguments));
        CompletableFuture<JsonNode> reply = new CompletableFuture<>();
        pending.put(id, reply);
        try {
            synchronized (commandLock) {
                if (closed || !socket.isOpen()) throw new IOException("QEMU's control connection is closed");
                byte[] line = (JSON.writeValueAsString(request) + "\n").getBytes(StandardCharsets.UTF_8);
                socket.send(line, fds);
            }
            JsonNode answer = await(reply, timeout, "the reply to " + command);
            if (answer.has("error")) {
                throw new IOException("QEMU refused " + command + ": " + answer.get("error").path("desc").asText());
            }
            return answer.path("return");
        } finally {
            pending.remove(id);
        }
    }

    /** Runs a human monitor command, such as {@code hostfwd_add}, and returns what it printed. */
    public String human(String commandLine, Duration timeout) throws IOException {
        return execute("human-monitor-command", Map.of("command-line", commandLine), timeout).asText("");
    }

    private static JsonNode await(CompletableFuture<JsonNode> reply, Duration timeout, String what) throws IOException {
        try {
            return reply.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IOException("QEMU did not send " + what + " within " + timeout.toSeconds() + " s");
        } catch (ExecutionException e) {
            throw new IOException("QEMU closed its control connection");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for " + what, e);
        }
    }

    private void readLoop() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(socket.input(), StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                if (line.isBlank()) continue;
                JsonNode message = JSON.readTree(line);
                if (message.has("event")) {
                    eventListeners.forEach(l -> l.accept(message));
                } else if (message.has("QMP")) {
                    greeting.complete(message);
                } else if (message.path("id").canConvertToLong()) {
                    // a reply nobody waits for any more (its command timed out) finds no entry and is dropped
                    CompletableFuture<JsonNode> waiting = pending.remove(message.get("id").asLong());
                    if (waiting != null) waiting.complete(message);
                }
            }
        } catch (IOException e) {
            // connection ended
        } finally {
            closed = true;
            synchronized (commandLock) {
                socket.close(); // no command is being written now, and none will be
            }
            IOException gone = new IOException("QEMU closed its control connection");
            greeting.completeExceptionally(gone);
            pending.values().forEach(f -> f.completeExceptionally(gone));
            onDisconnect.run();
        }
    }

    /** Ends the connection; the reading thread sees the end, closes the socket and runs the disconnect action. */
    @Override
    public void close() {
        closed = true;
        socket.shutdown();
    }
}
