package dev.berth.cli.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.berth.cli.protocol.Frame;
import dev.berth.cli.protocol.FrameChannel;
import java.io.OutputStream;
import java.net.ProtocolException;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.util.List;
import org.junit.jupiter.api.Test;

class FrameChannelTest {
    /** A channel whose writes go to the sink of a pipe and whose reads come from its source. */
    private static FrameChannel loop(Pipe pipe) {
        return new FrameChannel(new java.nio.channels.ByteChannel() {
            public int read(ByteBuffer dst) throws java.io.IOException {
                return pipe.source().read(dst);
            }

            public int write(ByteBuffer src) throws java.io.IOException {
                return pipe.sink().write(src);
            }

            public boolean isOpen() {
                return pipe.sink().isOpen();
            }

            public void close() throws java.io.IOException {
                pipe.sink().close();
            }
        });
    }

    @Test
    void framesRoundTrip() throws Exception {
        Pipe pipe = Pipe.open();
        FrameChannel ch = loop(pipe);
        ch.write(Frame.request("exec", List.of("berth:settings", "a b")));
        ch.write(Frame.exit(-7));
        Frame request = ch.read();
        assertEquals(Frame.REQUEST, request.type());
        assertEquals(List.of("exec", "berth:settings", "a b"), request.words());
        assertEquals(-7, ch.read().code());
        ch.close();
        assertNull(ch.read());
    }

    @Test
    void largeWritesAreSplitIntoFrames() throws Exception {
        Pipe pipe = Pipe.open();
        FrameChannel ch = loop(pipe);
        byte[] big = new byte[Frame.MAX_PAYLOAD + 10];
        big[big.length - 1] = 42;
        Thread writer = Thread.ofVirtual().start(() -> {
            try (OutputStream out = ch.stream(Frame.STDOUT)) {
                out.write(big);
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        assertEquals(Frame.MAX_PAYLOAD, ch.read().payload().length);
        assertArrayEquals(new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 42}, ch.read().payload());
        writer.join();
    }

    @Test
    void oversizedFrameIsRefused() throws Exception {
        Pipe pipe = Pipe.open();
        pipe.sink().write(ByteBuffer.allocate(5).put((byte) 'O').putInt(Integer.MAX_VALUE).flip());
        assertThrows(ProtocolException.class, () -> loop(pipe).read());
    }
}
