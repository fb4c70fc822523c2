package dev.berth.hypervisor.qemu.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** A client of QEMU's machine protocol (QMP): JSON commands and replies on a Unix socket, plus async events. */
final class QmpClient implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final SocketChannel channel;
    private final OutputStream out;
    private final BlockingQueue<JsonNode> replies = new LinkedBlockingQueue<>();
    private final CopyOnWriteArrayList<Consumer<JsonNode>> eventListeners = new CopyOnWriteArrayList<>();
    private final Object commandLock = new Object();
    private volatile boolean closed;
    private volatile Runnable onDisconnect = () -> { };

    private QmpClient(SocketChannel channel) {
        this.channel = channel;
        this.out = Channels.newOutputStream(channel);
    }

    /** Connects, reads the greeting and enters command mode. */
    static QmpClient connect(Path socket, Duration timeout) throws IOException {
        SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            ch.connect(UnixDomainSocketAddress.of(socket));
        } catch (IOException e) {
            ch.close();
            throw new IOException("cannot connect to QEMU's control socket " + socket + ": " + e.getMessage(), e);
        }
        QmpClient qmp = new QmpClient(ch);
        Thread.ofPlatform().daemon().name("berth-qmp-reader").start(qmp::readLoop);
        qmp.await(timeout, "the QMP greeting");
        qmp.execute("qmp_capabilities", Map.of(), timeout);
        return qmp;
    }

    /** Calls {@code listener} with every asynchronous event, such as {@code SHUTDOWN}. */
    void onEvent(Consumer<JsonNode> listener) {
        eventListeners.add(listener);
    }

    /** Runs {@code action} once when the connection to QEMU ends. */
    void onDisconnect(Runnable action) {
        this.onDisconnect = action;
    }

    /**
     * Runs a command and returns its {@code return} value.
     *
     * @throws IOException when QEMU answers with an error (its description is the message) or does not answer
     */
    JsonNode execute(String command, Map<String, ?> arguments, Duration timeout) throws IOException {
        ObjectNode request = JSON.createObjectNode().put("execute", command);
        if (!arguments.isEmpty()) request.set("arguments", JSON.valueToTree(arguments));
        synchronized (commandLock) {
            if (closed) throw new IOException("QEMU's control connection is closed");
            out.write(JSON.writeValueAsBytes(request));
            out.write('\n');
            out.flush();
            JsonNode reply = await(timeout, "the reply to " + command);
            if (reply.has("error")) {
                throw new IOException("QEMU refused " + command + ": " + reply.get("error").path("desc").asText());
            }
            return reply.path("return");
        }
    }

    /** Runs a human monitor command, such as {@code hostfwd_add}, and returns what it printed. */
    String human(String commandLine, Duration timeout) throws IOException {
        return execute("human-monitor-command", Map.of("command-line", commandLine), timeout).asText("");
    }

    private JsonNode await(Duration timeout, String what) throws IOException {
        try {
            JsonNode reply = replies.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (reply == null) throw new IOException("QEMU did not send " + what + " within " + timeout.toSeconds() + " s");
            if (reply.has("berth-disconnected")) throw new IOException("QEMU closed its control connection");
            return reply;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for " + what, e);
        }
    }

    private void readLoop() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(channel),
                StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                if (line.isBlank()) continue;
                JsonNode message = JSON.readTree(line);
                if (message.has("event")) {
                    eventListeners.forEach(l -> l.accept(message));
                } else {
                    replies.add(message);
                }
            }
        } catch (IOException e) {
            // connection ended
        } finally {
            closed = true;
            replies.add(JSON.createObjectNode().put("berth-disconnected", true));
            onDisconnect.run();
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            channel.close();
        } catch (IOException e) {
            // already closed
        }
    }
}
