package dev.berth.filesharing.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class EventChannelTest {
    @TempDir
    Path tmp;

    /** Plays the guest's fsevents service, which writes a line far longer than any it should. */
    @Test
    void anOverlongLineIsDroppedAndCountedAndTheNextLineIsRead() throws Exception {
        Path socket = tmp.resolve("fsevents.sock");
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            try (EventChannel channel = new EventChannel(socket, List.of("hello"), lines::add);
                 SocketChannel guest = server.accept()) {
                byte[] overlong = new byte[4 * 1024 * 1024];
                Arrays.fill(overlong, (byte) 'x');
                write(guest, "first\n".getBytes(StandardCharsets.UTF_8));
                write(guest, overlong);
                write(guest, "\nmounts\n".getBytes(StandardCharsets.UTF_8));
                assertEquals("first", lines.poll(30, TimeUnit.SECONDS));
                assertEquals("mounts", lines.poll(30, TimeUnit.SECONDS), "the overlong line is skipped to its end");
                assertEquals(1, channel.droppedLines());
            }
        }
    }

    private static void write(SocketChannel ch, byte[] bytes) throws Exception {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        while (b.hasRemaining()) ch.write(b);
    }
}
