package dev.berth.vm.internal.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Map;

/** One connection to the guest agent: newline-delimited JSON requests and replies, read with a deadline. */
final class AgentConnection implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    private final SocketChannel channel;
    private final Selector selector;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    private final ByteBuffer one = ByteBuffer.allocate(4096).flip();

    AgentConnection(SocketChannel channel) throws IOException {
        this.channel = channel;
        channel.configureBlocking(false);
        this.selector = Selector.open();
        channel.register(selector, SelectionKey.OP_READ);
    }

    /** Resynchronizes: the reply to guest-sync-delimited follows a 0xFF byte, after which stale data ends. */
    void sync(long id, Duration timeout) throws IOException {
        write(JSON.createObjectNode().put("execute", "guest-sync-delimited")
                .set("arguments", JSON.createObjectNode().put("id", id)));
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            pending.reset();
            while (readByte(deadline) != 0xFF) {
                pending.reset(); // skip what a previous conversation left unread
            }
            JsonNode reply = readReply(deadline);
            if (reply.path("return").asLong() == id) return;
        }
    }

    /** Sends a command and returns its {@code return} value. */
    JsonNode call(String command, Map<String, ?> arguments, Duration timeout) throws IOException {
        ObjectNode request = JSON.createObjectNode().put("execute", command);
        if (!arguments.isEmpty()) request.set("arguments", JSON.valueToTree(arguments));
        write(request);
        JsonNode reply = readReply(System.nanoTime() + timeout.toNanos());
        if (reply.has("error")) {
            throw new IOException(command + " failed: " + reply.path("error").path("desc").asText());
        }
        return reply.path("return");
    }

    private void write(JsonNode request) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(GuestAgentClient.encode((ObjectNode) request));
        while (buffer.hasRemaining()) {
            if (channel.write(buffer) == 0) GuestAgentClient.sleep(1);
        }
    }

    private JsonNode readReply(long deadline) throws IOException {
        pending.reset();
        while (true) {
            int b = readByte(deadline);
            if (b == '\n') {
                if (pending.size() == 0) continue;
                return JSON.readTree(pending.toByteArray());
            }
            if (b != 0xFF) pending.write(b);
        }
    }

    private int readByte(long deadline) throws IOException {
        while (!one.hasRemaining()) {
            long wait = (deadline - System.nanoTime()) / 1_000_000;
            if (wait <= 0) throw new IOException("the guest agent did not answer in time");
            selector.select(wait);
            selector.selectedKeys().clear();
            one.clear();
            int n = channel.read(one);
            one.flip();
            if (n < 0) throw new IOException("the guest agent channel closed");
        }
        return one.get() & 0xff;
    }

    @Override
    public void close() {
        try {
            selector.close();
            channel.close();
        } catch (IOException e) {
            // already closed
        }
    }
}
