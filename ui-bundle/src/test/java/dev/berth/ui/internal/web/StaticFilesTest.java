package dev.berth.ui.internal.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StaticFilesTest {
    private final StaticFiles files = new StaticFiles(getClass().getClassLoader());

    @Test
    void theMainPageAndItsScriptsAreServedWithTheirTypes() throws Exception {
        Reply index = files.get("/").orElseThrow();
        assertEquals("text/html; charset=utf-8", index.contentType());
        assertTrue(new String(index.body(), StandardCharsets.UTF_8).contains("/js/app.js"));
        assertEquals("text/javascript; charset=utf-8", files.get("/js/app.js").orElseThrow().contentType());
        assertTrue(files.get("/vendor/xterm/lib/xterm.js").isPresent(), "xterm.js is shipped in the bundle");
    }

    @Test
    void nothingOutsideTheWebFolderIsServed() throws Exception {
        assertTrue(files.get("/../internal/web/StaticFiles.class").isEmpty());
        assertTrue(files.get("/dev/berth/ui/internal/web/Reply.class").isEmpty());
        assertTrue(files.get("/missing.js").isEmpty());
        assertTrue(files.get("/js/").isEmpty());
    }
}
