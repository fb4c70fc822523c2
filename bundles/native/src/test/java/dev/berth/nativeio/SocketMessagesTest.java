package dev.berth.nativeio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bytes and descriptors cross a Unix socket together; shared mappings and event counters work through them. */
class SocketMessagesTest {
    @TempDir
    Path dir;

    @Test
    void descriptorsArriveWithTheBytesAndReferToTheSameObjects() throws Exception {
        int[] pair = UnixSockets.pair();
        int event = EventFds.create(EventFds.NONBLOCK);
        int memory = SharedMemory.createMemoryFile("test", 8192);
        try (Arena arena = Arena.ofConfined()) {
            byte[] text = "hello".getBytes(StandardCharsets.US_ASCII);
            assertEquals(text.length, SocketMessages.send(pair[0], arena.allocateFrom(ValueLayout.JAVA_BYTE, text), event, memory));
            MemorySegment buffer = arena.allocate(64);
            SocketMessages.Received received = SocketMessages.receive(pair[1], buffer);
            assertEquals(text.length, received.bytes());
            assertArrayEquals(text, buffer.asSlice(0, received.bytes()).toArray(ValueLayout.JAVA_BYTE));
            assertEquals(2, received.fds().length);
            assertNotEquals(event, received.fds()[0], "the receiver gets descriptors of its own");

            EventFds.signal(received.fds()[0], 3);
            assertEquals(OptionalLong.of(3), EventFds.take(event));
            assertEquals(OptionalLong.empty(), EventFds.take(event), "a non-blocking counter that is zero");

            MemorySegment mine = SharedMemory.map(memory, 4096, 4096);
            MemorySegment theirs = SharedMemory.map(received.fds()[1], 0, 8192);
            mine.set(ValueLayout.JAVA_LONG, 8, 0x1122334455667788L);
            assertEquals(0x1122334455667788L, theirs.get(ValueLayout.JAVA_LONG, 4096 + 8));
            SharedMemory.unmap(mine);
            SharedMemory.unmap(theirs);
            for (int fd : received.fds()) FileDescriptors.close(fd);
        } finally {
            FileDescriptors.close(event);
            FileDescriptors.close(memory);
            FileDescriptors.close(pair[0]);
            FileDescriptors.close(pair[1]);
        }
    }

    @Test
    void aClosedPeerReadsAsZeroBytes() throws Exception {
        Path path = dir.resolve("s");
        int listening = UnixSockets.listen(path, 1);
        int client = UnixSockets.connect(path);
        int server = UnixSockets.accept(listening);
        try (Arena arena = Arena.ofConfined()) {
            SocketMessages.send(client, arena.allocateFrom(ValueLayout.JAVA_BYTE, new byte[] {7}));
            FileDescriptors.close(client);
            MemorySegment buffer = arena.allocate(8);
            assertEquals(1, SocketMessages.receive(server, buffer).bytes());
            SocketMessages.Received end = SocketMessages.receive(server, buffer);
            assertEquals(0, end.bytes());
            assertEquals(0, end.fds().length);
        } finally {
            FileDescriptors.close(server);
            FileDescriptors.close(listening);
        }
    }

    @Test
    void failuresSayWhatTheErrnoMeans() {
        IOException e = assertThrows(IOException.class, () -> UnixSockets.connect(dir.resolve("nobody-listens")));
        assertTrue(e.getMessage().contains("No such file or directory"), e.getMessage());
        IOException closed = assertThrows(IOException.class, () -> FileDescriptors.close(1_000_000));
        assertTrue(closed.getMessage().contains("Bad file descriptor"), closed.getMessage());
    }

    @Test
    void pollReportsWhichDescriptorIsReadable() throws Exception {
        int a = EventFds.create(0);
        int b = EventFds.create(0);
        try {
            EventFds.signal(b, 1);
            assertArrayEquals(new boolean[] {false, true}, FileDescriptors.awaitReadable(a, b));
        } finally {
            FileDescriptors.close(a);
            FileDescriptors.close(b);
        }
    }
}
