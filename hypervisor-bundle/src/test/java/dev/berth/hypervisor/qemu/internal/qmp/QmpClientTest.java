package dev.berth.hypervisor.qemu.internal.qmp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A reply that comes after its command gave up waiting is never taken for the answer to the next command, and
 * closing the client ends its connection although its reader waits in a native receive.
 */
class QmpClientTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void aLateReplyIsNotTheAnswerToTheNextCommand() throws Exception {
        Path socket = dir.resolve("qmp.sock");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            Thread.ofVirtual().start(() -> serveLate(server));
            try (QmpClient qmp = QmpClient.connect(socket, Duration.ofSeconds(5))) {
                assertThrows(IOException.class, () -> qmp.execute("slow", Map.of(), Duration.ofMillis(200)));
                JsonNode answer = qmp.execute("fast", Map.of(), Duration.ofSeconds(5));
                assertEquals("fast", answer.asText(), "the second command got the first one's late reply");
            }
        }
    }

    @Test
    void closingEndsTheConnectionAndItsReader() throws Exception {
        Path socket = dir.resolve("qmp.sock");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            CompletableFuture<Boolean> serverSawEnd = new CompletableFuture<>();
            Thread.ofVirtual().start(() -> {
                serveEach(server);
                serverSawEnd.complete(true);
            });
            CompletableFuture<Boolean> disconnected = new CompletableFuture<>();
            QmpClient qmp = QmpClient.connect(socket, Duration.ofSeconds(5));
            qmp.onDisconnect(() -> disconnected.complete(true));
            assertEquals("a", qmp.execute("a", Map.of(), Duration.ofSeconds(5)).asText());
            qmp.close();
            assertTrue(disconnected.get(5, TimeUnit.SECONDS), "the reader, waiting for QEMU, saw the end");
            assertTrue(serverSawEnd.get(5, TimeUnit.SECONDS), "QEMU's side saw the connection end");
            IOException after = assertThrows(IOException.class, () -> qmp.execute("b", Map.of(), Duration.ofSeconds(5)));
            assertEquals("QEMU's control connection is closed", after.getMessage());
        }
    }

    /**
     * Greets, answers {@code qmp_capabilities} at once, holds the reply to the first command back until the second
     * command arrives, then answers both in order; each reply echoes its command's id and returns its name, as QEMU
     * echoes the {@code id} member.
     */
    private static void serveLate(ServerSocketChannel server) {
        try (SocketChannel client = server.accept()) {
            OutputStream out = Channels.newOutputStream(client);
            BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(client),
                    StandardCharsets.UTF_8));
            out.write("{\"QMP\": {\"version\": {}, \"capabilities\": []}}\n".getBytes(StandardCharsets.UTF_8));
            reply(out, JSON.readTree(in.readLine()));
            JsonNode slow = JSON.readTree(in.readLine());
            JsonNode fast = JSON.readTree(in.readLine());
            reply(out, slow);
            reply(out, fast);
            while (in.readLine() != null) {
                // until the client closes
            }
        } catch (IOException e) {
            // the connection ended
        }
    }

    /** Greets and answers every command at once, until the client closes. */
    private static void serveEach(ServerSocketChannel server) {
        try (SocketChannel client = server.accept()) {
            OutputStream out = Channels.newOutputStream(client);
            BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(client),
                    StandardCharsets.UTF_8));
            out.write("{\"QMP\": {\"version\": {}, \"capabilities\": []}}\n".getBytes(StandardCharsets.UTF_8));
            for (String line; (line = in.readLine()) != null; ) reply(out, JSON.readTree(line));
        } catch (IOException e) {
            // the connection ended
        }
    }

    private static void reply(OutputStream out, JsonNode command) throws IOException {
        ObjectNode reply = JSON.createObjectNode().put("return", command.path("execute").asText());
        if (command.has("id")) reply.set("id", command.get("id"));
        out.write((JSON.writeValueAsString(reply) + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}
