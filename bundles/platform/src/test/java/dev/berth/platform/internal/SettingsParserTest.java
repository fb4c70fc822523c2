package dev.berth.platform.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsParserTest {
    @TempDir
    Path dir;

    private Map<String, Map<String, Object>> parse(String json) throws Exception {
        Path f = dir.resolve("settings.json");
        Files.writeString(f, json);
        return SettingsParser.parse(f);
    }

    @Test
    void keepsTypesOfScalarsAndArrays() throws Exception {
        var s = parse("""
                // comments are allowed
                { "vm": { "cpus": 4, "big": 10000000000, "ratio": 0.5, "on": true, "name": "x",
                          "shares": ["/home", "/tmp"], "ports": [1, 2], "skip": null, },
                  "engine": { "daemonJson": { "debug": true } } }
                """);
        Map<String, Object> vm = s.get("vm");
        assertEquals(4, vm.get("cpus"));
        assertEquals(10000000000L, vm.get("big"));
        assertEquals(0.5, vm.get("ratio"));
        assertEquals(true, vm.get("on"));
        assertEquals("x", vm.get("name"));
        assertArrayEquals(new String[] {"/home", "/tmp"}, (String[]) vm.get("shares"));
        assertArrayEquals(new Integer[] {1, 2}, (Integer[]) vm.get("ports"));
        assertTrue(!vm.containsKey("skip"));
        assertEquals("{\"debug\":true}", s.get("engine").get("daemonJson"));
    }

    @Test
    void emptyFileMeansNoSettings() throws Exception {
        assertTrue(parse("").isEmpty());
    }

    @Test
    void syntaxErrorNamesLineAndColumn() {
        var e = assertThrows(SettingsParser.Invalid.class, () -> parse("{\n  \"vm\": {\n    \"cpus\": 4 4\n  }\n}"));
        assertEquals(3, e.problem.line());
        assertTrue(e.problem.describe().contains("line 3"), e.problem.describe());
    }

    @Test
    void sectionThatIsNotAnObjectIsRejectedWithItsLine() {
        var e = assertThrows(SettingsParser.Invalid.class, () -> parse("{\n \"vm\": 4\n}"));
        assertEquals(2, e.problem.line());
        assertTrue(e.problem.message().contains("section \"vm\" must be an object"), e.problem.message());
    }

    @Test
    void nestedArraysAreRejected() {
        var e = assertThrows(SettingsParser.Invalid.class, () -> parse("{\"vm\": {\"x\": [[1]]}}"));
        assertTrue(e.problem.message().contains("vm.x must be a list of plain values"), e.problem.message());
    }

    @Test
    void topLevelMustBeAnObject() {
        var e = assertThrows(SettingsParser.Invalid.class, () -> parse("[1]"));
        assertTrue(e.problem.message().contains("expected '{'"), e.problem.message());
    }
}
