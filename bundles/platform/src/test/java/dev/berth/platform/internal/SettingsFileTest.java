package dev.berth.platform.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsFileTest {
    @TempDir
    Path dir;

    @Test
    void setsAndRemovesValuesKeepingOthers() throws Exception {
        Path f = dir.resolve("settings.json");
        Files.writeString(f, "{ \"vm\": { \"cpus\": 2 }, \"engine\": { \"x\": \"y\" } }");
        SettingsFile.edit(f, "vm.memoryMiB", 4096);
        var parsed = SettingsParser.parse(f);
        assertEquals(2, parsed.get("vm").get("cpus"));
        assertEquals(4096, parsed.get("vm").get("memoryMiB"));
        assertEquals("y", parsed.get("engine").get("x"));
        SettingsFile.edit(f, "engine.x", null);
        assertTrue(!SettingsParser.parse(f).containsKey("engine"), Files.readString(f));
    }

    @Test
    void createsTheFileWhenMissing() throws Exception {
        Path f = dir.resolve("sub").resolve("settings.json");
        SettingsFile.edit(f, "daemon.logLevel", "DEBUG");
        assertEquals("DEBUG", SettingsParser.parse(f).get("daemon").get("logLevel"));
    }

    @Test
    void refusesKeysWithoutSection() {
        assertThrows(IllegalArgumentException.class, () -> SettingsFile.edit(dir.resolve("s.json"), "cpus", 1));
        assertThrows(IllegalArgumentException.class, () -> SettingsFile.edit(dir.resolve("s.json"), "vm.", 1));
    }

    @Test
    void refusesToEditABrokenFileAndLeavesItAlone() throws Exception {
        Path f = dir.resolve("settings.json");
        Files.writeString(f, "{ broken");
        IOException e = assertThrows(IOException.class, () -> SettingsFile.edit(f, "vm.cpus", 1));
        assertTrue(e.getMessage().contains("line 1"), e.getMessage());
        assertEquals("{ broken", Files.readString(f));
    }

    private static final String COMMENTED = """
            // Berth settings: my notes stay
            {
              "vm": {
                "cpus": 2, // two is enough here
                /* memory for the builds */
                "memoryMiB": 4096,
                "kernelArgs": "quiet",
              },
              "engine": { "daemonJson": "{}" },
            }
            """;

    @Test
    void aChangeKeepsTheUsersCommentsAndLayout() throws Exception {
        Path f = dir.resolve("settings.json");
        Files.writeString(f, COMMENTED);
        SettingsFile.edit(f, "vm.cpus", 4);
        SettingsFile.edit(f, "vm.kernelArgs", "quiet norandmaps");
        assertEquals(COMMENTED.replace("\"cpus\": 2,", "\"cpus\": 4,")
                .replace("\"quiet\"", "\"quiet norandmaps\""), Files.readString(f));
    }

    @Test
    void addedAndRemovedValuesKeepTheRestOfTheText() throws Exception {
        Path f = dir.resolve("settings.json");
        Files.writeString(f, COMMENTED);
        SettingsFile.edit(f, "vm.diskGiB", 128);
        SettingsFile.edit(f, "daemon.logLevel", "DEBUG");
        String text = Files.readString(f);
        assertTrue(text.contains("// two is enough here") && text.contains("/* memory for the builds */"), text);
        var parsed = SettingsParser.parse(f);
        assertEquals(128, parsed.get("vm").get("diskGiB"));
        assertEquals("DEBUG", parsed.get("daemon").get("logLevel"));
        assertEquals(2, parsed.get("vm").get("cpus"));
        SettingsFile.edit(f, "vm.memoryMiB", null);
        SettingsFile.edit(f, "engine.daemonJson", null);
        text = Files.readString(f);
        assertTrue(text.contains("// two is enough here") && !text.contains("engine"), text);
        parsed = SettingsParser.parse(f);
        assertTrue(!parsed.get("vm").containsKey("memoryMiB"), text);
        assertEquals(128, parsed.get("vm").get("diskGiB"));
    }
}
