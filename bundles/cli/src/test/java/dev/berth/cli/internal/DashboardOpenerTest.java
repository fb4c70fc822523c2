package dev.berth.cli.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** berth dashboard opens the browser with a one-time login code from the daemon, never with the access token. */
class DashboardOpenerTest {
    private static final String TOKEN = "the-long-lived-access-token-0123456789abcdef";
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final List<List<String>> launched = new ArrayList<>();
    private final List<List<String>> asked = new ArrayList<>();

    private int open(boolean desktop, String... args) throws Exception {
        DashboardOpener opener = new DashboardOpener(new PrintStream(out, true, StandardCharsets.UTF_8), System.err,
                desktop, launched::add);
        return opener.run((words, o, e) -> {
            asked.add(words);
            o.println("http://127.0.0.1:7780/?code=Zm9vYmFyYmF6cXV4cXV1eA");
            return 0;
        }, List.of(args));
    }

    @Test
    void theBrowsersCommandLineHoldsALoginCodeAndNoToken() throws Exception {
        assertEquals(0, open(true));
        assertEquals(List.of(List.of("berth:dashboard")), asked);
        assertEquals(List.of(List.of("xdg-open", "http://127.0.0.1:7780/?code=Zm9vYmFyYmF6cXV4cXV1eA")), launched);
        assertFalse(String.join(" ", launched.getFirst()).contains(TOKEN));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("http://127.0.0.1:7780/\n"), out.toString());
        assertFalse(out.toString(StandardCharsets.UTF_8).contains("code="), "the code is not printed when it was used");
    }

    @Test
    void withoutADesktopOrWithPrintTheOneTimeAddressIsPrinted() throws Exception {
        assertEquals(0, open(false));
        assertEquals(0, open(true, "--print"));
        assertTrue(launched.isEmpty());
        assertEquals(2, out.toString(StandardCharsets.UTF_8).lines().filter(l -> l.endsWith("?code=Zm9vYmFyYmF6cXV4cXV1eA")).count());
    }

    @Test
    void aDesktopNeedsADisplayAndXdgOpenOnThePath(@TempDir Path bin) throws Exception {
        Path xdgOpen = Files.writeString(bin.resolve("xdg-open"), "#!/bin/sh\n");
        xdgOpen.toFile().setExecutable(true);
        assertTrue(DashboardOpener.hasDesktop(Map.of("DISPLAY", ":0", "PATH", "/nowhere:" + bin)));
        assertFalse(DashboardOpener.hasDesktop(Map.of("PATH", bin.toString())));
        assertFalse(DashboardOpener.hasDesktop(Map.of("WAYLAND_DISPLAY", "wayland-0", "PATH", "/nowhere")));
    }
}
