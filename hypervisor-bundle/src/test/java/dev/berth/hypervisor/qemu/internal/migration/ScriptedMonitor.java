package dev.berth.hypervisor.qemu.internal.migration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.nativeio.ErrnoException;
import dev.berth.nativeio.FdCalls;
import dev.berth.nativeio.FileDescriptors;
import dev.berth.nativeio.SocketMessages;
import dev.berth.nativeio.UnixSockets;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A QMP server for one connection that handles descriptors as QEMU 7.2 does: {@code getfd} files the descriptor
 * that came with its bytes under a name in this connection's list, {@code closefd} closes it, and {@code migrate}
 * / {@code migrate-incoming} to {@code fd:NAME} take it out of the list, write {@link #STATE} to it or read it all,
 * and close it. Commands named in {@code refused} get an error reply instead.
 */
final class ScriptedMonitor implements AutoCloseable {
    static final String STATE = "device state";
    private static final ObjectMapper JSON = new ObjectMapper();
    final List<String> commands = new CopyOnWriteArrayList<>();
    volatile String loaded;
    private final Map<String, Integer> fds = new HashMap<>();
    private final Set<String> refused;
    private final int listening;

    ScriptedMonitor(Path socket, Set<String> refused) throws IOException {
        this.refused = refused;
        this.listening = UnixSockets.listen(socket, 1);
        Thread.ofPlatform().daemon().start(this::serve);
    }

    /** The names under which descriptors are still filed for this connection (QEMU holds those open). */
    synchronized Set<String> filed() {
        return Set.copyOf(fds.keySet());
    }

    private void serve() {
        int client;
        try {
            client = UnixSockets.accept(listening);
        } catch (IOException e) {
            return;
        }
        try (Arena arena = Arena.ofConfined()) {
            send(client, "{\"QMP\": {\"version\": {}, \"capabilities\": []}}\n");
            MemorySegment buffer = arena.allocate(4096);
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            List<Integer> received = new ArrayList<>();
            while (true) {
                SocketMessages.Received got = SocketMessages.receive(client, buffer);
                if (got.bytes() == 0) return;
                for (int fd : got.fds()) received.add(fd);
                for (byte b : buffer.asSlice(0, got.bytes()).toArray(ValueLayout.JAVA_BYTE)) {
                    if (b != '\n') {
                        line.write(b);
                        continue;
                    }
                    JsonNode command = JSON.readTree(line.toByteArray());
                    line.reset();
                    send(client, JSON.writeValueAsString(answer(command, received)) + "\n");
                }
            }
        } catch (IOException | ErrnoException e) {
            // the connection ended
        } finally {
            FileDescriptors.closeQuietly(client);
        }
    }

    private synchronized ObjectNode answer(JsonNode command, List<Integer> received) throws IOException, ErrnoException {
        String name = command.path("execute").asText();
        commands.add(command.has("arguments") ? name + " " + command.get("arguments") : name);
        ObjectNode reply = JSON.createObjectNode().put("id", command.path("id").asLong());
        if (refused.contains(name)) return error(reply, name + " is refused here");
        JsonNode arguments = command.path("arguments");
        switch (name) {
            case "getfd" -> {
                if (received.isEmpty()) return error(reply, "No file descriptor supplied via SCM_RIGHTS");
                Integer old = fds.put(arguments.path("fdname").asText(), received.removeLast());
                if (old != null) FileDescriptors.close(old);
            }
            case "closefd" -> {
                Integer fd = fds.remove(arguments.path("fdname").asText());
                if (fd == null) return error(reply, "File descriptor named '" + arguments.path("fdname").asText() + "' not found");
                FileDescriptors.close(fd);
            }
            case "migrate", "migrate-incoming" -> {
                String uri = arguments.path("uri").asText();
                Integer fd = uri.startsWith("fd:") ? fds.remove(uri.substring(3)) : null;
                if (fd == null) return error(reply, "File descriptor named '" + uri + "' has not been found");
                try (Arena arena = Arena.ofConfined()) {
                    if (name.equals("migrate")) {
                        FdCalls.write(fd, arena.allocateFrom(ValueLayout.JAVA_BYTE, STATE.getBytes(StandardCharsets.UTF_8)));
                    } else {
                        MemorySegment in = arena.allocate(4096);
                        loaded = new String(in.asSlice(0, FdCalls.read(fd, in)).toArray(ValueLayout.JAVA_BYTE),
                                StandardCharsets.UTF_8);
                    }
                } finally {
                    FileDescriptors.close(fd);
                }
            }
            case "query-migrate" -> reply.set("return", JSON.createObjectNode().put("status", "completed"));
            case "query-status" -> reply.set("return", JSON.createObjectNode().put("status", "running"));
            default -> { }
        }
        if (!reply.has("return")) reply.set("return", JSON.createObjectNode());
        return reply;
    }

    private static ObjectNode error(ObjectNode reply, String description) {
        reply.set("error", JSON.createObjectNode().put("class", "GenericError").put("desc", description));
        return reply;
    }

    private static void send(int client, String text) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            SocketMessages.send(client, arena.allocateFrom(ValueLayout.JAVA_BYTE, text.getBytes(StandardCharsets.UTF_8)));
        }
    }

    @Override
    public void close() {
        FileDescriptors.closeQuietly(listening);
    }
}
