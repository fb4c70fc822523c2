package dev.berth.network.internal.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class FrameSyncTest {
    @Test
    void aHelloWhoseHeaderArrivesAloneStillPutsTheLinkInStep() {
        EmbeddedChannel ch = new EmbeddedChannel(new FrameSync());
        ByteBuf hello = Frames.hello(ByteBufAllocator.DEFAULT);
        ch.writeInbound(Unpooled.copiedBuffer("stale".getBytes(StandardCharsets.US_ASCII)));
        ch.writeInbound(hello.readRetainedSlice(Frames.HEADER));
        ch.writeInbound(hello);
        ByteBuf frame = ch.readInbound();
        assertNotNull(frame, "the HELLO was decoded");
        assertEquals(Frames.HELLO, Frames.type(frame));
        frame.release();
        ch.finishAndReleaseAll();
    }
}
