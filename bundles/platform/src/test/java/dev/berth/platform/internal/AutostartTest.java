package dev.berth.platform.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The start-at-login entry: where it goes, what it runs, and its removal. */
class AutostartTest {
    @TempDir
    Path dir;

    @Test
    void startAtLoginWritesAndRemovesTheAutostartEntry() throws Exception {
        Autostart a = Autostart.forUser(Map.of("XDG_CONFIG_HOME", dir.toString()), "/home/me", Path.of("/home/me/.berth"),
                Path.of("/opt/berth dist/berth.jar"));
        assertEquals(dir.resolve("autostart/berth.desktop"), a.file());
        a.apply(true);
        String entry = Files.readString(a.file());
        assertTrue(entry.contains("Exec=env BERTH_HOME=/home/me/.berth "), entry);
        assertTrue(entry.contains(" -jar \"/opt/berth dist/berth-cli.jar\" start"), entry);
        a.apply(false);
        assertFalse(Files.exists(a.file()));
        a.apply(false);
        assertEquals(Path.of("/home/me/.config/autostart/berth.desktop"),
                Autostart.forUser(Map.of(), "/home/me", Path.of("/b"), Path.of("/b/berth.jar")).file());
        assertEquals("\"100%% \\$HOME\"", Autostart.quote("100% $HOME"));
    }
}
