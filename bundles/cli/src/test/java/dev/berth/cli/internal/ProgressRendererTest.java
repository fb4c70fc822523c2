package dev.berth.cli.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProgressRendererTest {
    private static String render(boolean terminal, String... chunks) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        ProgressRenderer r = new ProgressRenderer(new PrintStream(buffer, true, StandardCharsets.UTF_8), terminal);
        for (String c : chunks) r.write(c.getBytes(StandardCharsets.UTF_8));
        r.finish();
        return buffer.toString(StandardCharsets.UTF_8);
    }

    @Test
    void plainOutputShowsProgressAsLines() {
        String out = render(false, ProgressRenderer.MARK + "build 10%\n", ProgressRenderer.MARK + "build 50%\nready\n");
        assertEquals("build 10%\nbuild 50%\nready\n", out);
    }

    @Test
    void terminalRedrawsTheBarInPlace() {
        String out = render(true, ProgressRenderer.MARK + "build 10%\n" + ProgressRenderer.MARK + "build 50%\n", "ready\n");
        assertEquals("\r\u001b[Kbuild 10%\r\u001b[Kbuild 50%\nready\n", out);
    }

    @Test
    void linesSplitAcrossChunksAreJoined() {
        assertEquals("hello world\n", render(false, "hello ", "world\n"));
    }
}
