package dev.berth.hypervisor.qemu.internal.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.hypervisor.qemu.internal.qmp.QmpClient;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The state file a save writes is private although QEMU's shell writes it ({@code exec:cat > file}) under QEMU's
 * umask; the scripted QMP server runs that shell command the way QEMU does, under this JVM's umask.
 */
class SavedStatesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void theSavedStateIsPrivate() throws Exception {
        Path socket = dir.resolve("qmp.sock");
        Path state = dir.resolve("vm").resolve("machine.state");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            Thread.ofVirtual().start(() -> serveMigration(server));
            try (QmpClient qmp = QmpClient.connect(socket, Duration.ofSeconds(5))) {
                SavedStates.save(qmp, state, Duration.ofSeconds(10));
            }
        }
        assertEquals("device state", Files.readString(state));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(state)));
    }

    /** Answers like QEMU: a migration to {@code exec:CMD} runs CMD with /bin/sh, feeding it the device state. */
    private static void serveMigration(ServerSocketChannel server) {
        try (SocketChannel client = server.accept()) {
            OutputStream out = Channels.newOutputStream(client);
            BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(client),
                    StandardCharsets.UTF_8));
            out.write("{\"QMP\": {\"version\": {}, \"capabilities\": []}}\n".getBytes(StandardCharsets.UTF_8));
            for (String line; (line = in.readLine()) != null; ) {
                JsonNode command = JSON.readTree(line);
                ObjectNode reply = JSON.createObjectNode().put("id", command.path("id").asLong());
                switch (command.path("execute").asText()) {
                    case "migrate" -> {
                        String uri = command.path("arguments").path("uri").asText();
                        Process sh = new ProcessBuilder("/bin/sh", "-c", uri.substring("exec:".length())).start();
                        try (OutputStream stdin = sh.getOutputStream()) {
                            stdin.write("device state".getBytes(StandardCharsets.UTF_8));
                        }
                        sh.waitFor();
                        reply.set("return", JSON.createObjectNode());
                    }
                    case "query-migrate" -> reply.set("return", JSON.createObjectNode().put("status", "completed"));
                    default -> reply.set("return", JSON.createObjectNode());
                }
                out.write((JSON.writeValueAsString(reply) + "\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        } catch (IOException | InterruptedException e) {
            // the connection ended
        }
    }

    @Test
    void aStatePathIsQuotedForTheShell() {
        assertEquals("'/a b/it'\\''s'", SavedStates.shellQuote(Path.of("/a b/it's")));
    }
}
