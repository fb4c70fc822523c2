package dev.berth.vm.internal.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.api.vm.ExecResult;
import dev.berth.api.vm.GuestAgent;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Talks to the QEMU guest agent in the VM over its virtio-serial channel: commands, clock and power.
 *
 * <p>The channel carries one conversation at a time, so calls are serialized; each new connection is first
 * resynchronized with {@code guest-sync-delimited}, which skips anything a previous client left unread.
 */
public final class GuestAgentClient implements GuestAgent {
    private static final ObjectMapper JSON = AgentConnection.JSON;
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);
    private final Path socket;
    private final AtomicLong syncIds = new AtomicLong(System.nanoTime() & 0xffffff);
    private AgentConnection connection;

    /** A client of the agent behind the channel socket {@code socket}. */
    public GuestAgentClient(Path socket) {
        this.socket = socket;
    }

    /** Whether the agent answers within {@code timeout}. */
    public synchronized boolean ping(Duration timeout) {
        try {
            call("guest-ping", Map.of(), timeout);
            return true;
        } catch (IOException e) {
            drop();
            return false;
        }
    }

    @Override
    public synchronized ExecResult exec(List<String> argv, Duration timeout) throws IOException {
        ObjectNode args = JSON.createObjectNode().put("path", argv.getFirst()).put("capture-output", true);
        args.set("arg", JSON.valueToTree(argv.subList(1, argv.size())));
        long pid = call("guest-exec", JSON.convertValue(args, Map.class), CALL_TIMEOUT).path("pid").asLong();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            JsonNode status = call("guest-exec-status", Map.of("pid", pid), CALL_TIMEOUT);
            if (status.path("exited").asBoolean()) {
                return new ExecResult(status.path("exitcode").asInt(status.has("signal") ? 128 + status.path("signal").asInt() : -1),
                        decode(status.path("out-data")), decode(status.path("err-data")));
            }
            if (System.nanoTime() > deadline) {
                throw new IOException(String.join(" ", argv) + " did not finish in the guest within " + timeout.toSeconds() + " s");
            }
            sleep(20);
        }
    }

    @Override
    public synchronized void syncClock() throws IOException {
        long nanos = java.time.Instant.now().toEpochMilli() * 1_000_000L;
        call("guest-set-time", Map.of("time", nanos), CALL_TIMEOUT);
    }

    /** Asks the guest to power off. */
    public synchronized void powerdown() throws IOException {
        try {
            call("guest-shutdown", Map.of("mode", "powerdown"), CALL_TIMEOUT);
        } catch (IOException e) {
            // guest-shutdown sends no reply when it succeeds: the connection just ends
        }
    }

    private JsonNode call(String command, Map<String, ?> arguments, Duration timeout) throws IOException {
        try {
            AgentConnection c = connect(timeout);
            return c.call(command, arguments, timeout);
        } catch (IOException e) {
            drop();
            throw new IOException("guest agent: " + e.getMessage(), e);
        }
    }

    private AgentConnection connect(Duration timeout) throws IOException {
        if (connection != null) return connection;
        SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            ch.connect(UnixDomainSocketAddress.of(socket));
        } catch (IOException e) {
            ch.close();
            throw new IOException("cannot reach the guest agent channel " + socket + ": " + e.getMessage(), e);
        }
        AgentConnection c = new AgentConnection(ch);
        try {
            c.sync(syncIds.incrementAndGet(), timeout);
        } catch (IOException e) {
            c.close(); // QEMU serves one client at a time: a leaked connection would lock every later call out
            throw e;
        }
        connection = c;
        return c;
    }

    private void drop() {
        if (connection != null) connection.close();
        connection = null;
    }

    /** Closes the connection to the agent. */
    public synchronized void close() {
        drop();
    }

    private static String decode(JsonNode data) {
        return data.isMissingNode() || data.isNull() ? ""
                : new String(Base64.getDecoder().decode(data.asText()), StandardCharsets.UTF_8);
    }

    static void sleep(long millis) throws IOException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    static byte[] encode(ObjectNode request) throws IOException {
        byte[] body = JSON.writeValueAsBytes(request);
        return ByteBuffer.allocate(body.length + 1).put(body).put((byte) '\n').array();
    }
}
