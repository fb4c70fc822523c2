package dev.berth.extensions.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.api.extension.Extension;
import dev.berth.api.extension.ExtensionState;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExtensionTableTest {
    @Test
    void showsStateOriginReasonAndTab() {
        String table = ExtensionTable.format(List.of(
                new Extension("dev.berth.example.diskusage", "1.0.0", "Disk usage", "d.jar", ExtensionState.ACTIVE, "",
                        "/home/me/d.jar", List.of("disk-usage")),
                new Extension("bad", "0.1.0", "bad", "bad.jar", ExtensionState.FAILED,
                        "unresolved: no bundle exports package nope", Origins.DROPPED, List.of())), "/h/extensions");
        List<String> lines = table.lines().toList();
        assertEquals("NAME                         VERSION  STATE     ORIGIN", lines.get(0));
        assertEquals("dev.berth.example.diskusage  1.0.0    active    /home/me/d.jar", lines.get(1));
        assertEquals("    dashboard tab: /extensions/disk-usage/", lines.get(2));
        assertEquals("bad                          0.1.0    failed    copied into the folder", lines.get(3));
        assertEquals("    unresolved: no bundle exports package nope", lines.get(4));
    }

    @Test
    void saysWhereExtensionsGoWhenThereIsNone() {
        assertTrue(ExtensionTable.format(List.of(), "/h/extensions").contains("/h/extensions"));
    }
}
