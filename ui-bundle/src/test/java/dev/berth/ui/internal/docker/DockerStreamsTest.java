package dev.berth.ui.internal.docker;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class DockerStreamsTest {
    private static byte[] frame(int stream, String text) {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) stream, 0, 0, 0, 0, 0, (byte) (payload.length >> 8), (byte) payload.length});
        out.writeBytes(payload);
        return out.toByteArray();
    }

    @Test
    void multiplexedFramesAreSplitByStreamEvenWhenCutAnywhere() {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        all.writeBytes(frame(1, "hello\n"));
        all.writeBytes(frame(2, "oops\n"));
        byte[] bytes = all.toByteArray();
        StreamDemuxer demuxer = new StreamDemuxer();
        List<StreamDemuxer.Chunk> first = demuxer.feed(java.util.Arrays.copyOfRange(bytes, 0, 5));
        List<StreamDemuxer.Chunk> second = demuxer.feed(java.util.Arrays.copyOfRange(bytes, 5, 17));
        List<StreamDemuxer.Chunk> third = demuxer.feed(java.util.Arrays.copyOfRange(bytes, 17, bytes.length));
        assertTrue(first.isEmpty());
        assertEquals(1, second.size());
        assertEquals(1, second.getFirst().stream());
        assertEquals("hello\n", new String(second.getFirst().bytes(), StandardCharsets.UTF_8));
        assertEquals(2, third.getFirst().stream());
        assertEquals("oops\n", new String(third.getFirst().bytes(), StandardCharsets.UTF_8));
    }

    @Test
    void linesAreJoinedAcrossReadsAndCarriageReturnsDropped() {
        LineSplitter lines = new LineSplitter();
        assertEquals(List.of(), lines.feed("{\"a\":".getBytes(StandardCharsets.UTF_8)));
        assertEquals(List.of("{\"a\":1}", "x"), lines.feed("1}\nx\r\ny".getBytes(StandardCharsets.UTF_8)));
        assertEquals("y", lines.rest());
        assertEquals("", lines.rest());
    }

    @Test
    void theHijackHeadIsFoundAndTheBytesAfterItKept() {
        byte[] raw = "HTTP/1.1 101 UPGRADED\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n\r\n$ ".getBytes(StandardCharsets.ISO_8859_1);
        HijackHead head = HijackHead.parse(raw);
        assertEquals(101, head.status());
        assertTrue(head.hijacked());
        assertArrayEquals("$ ".getBytes(StandardCharsets.ISO_8859_1), head.rest());
        assertNull(HijackHead.parse("HTTP/1.1 101 UPGRADED\r\n".getBytes(StandardCharsets.ISO_8859_1)));
        assertFalse(HijackHead.parse("HTTP/1.1 404 Not Found\r\n\r\n{}".getBytes(StandardCharsets.ISO_8859_1)).hijacked());
    }

    @Test
    void dockersErrorSentenceIsShownAsIs() {
        DockerResponse res = new DockerResponse(409, "{\"message\":\"container abc is not running\"}".getBytes(StandardCharsets.UTF_8));
        assertFalse(res.ok());
        assertEquals("container abc is not running", res.error());
        assertEquals("the Docker engine answered 500: boom", new DockerResponse(500, "boom".getBytes(StandardCharsets.UTF_8)).error());
        assertTrue(new DockerResponse(304, new byte[0]).ok(), "304 means already in that state");
    }
}
