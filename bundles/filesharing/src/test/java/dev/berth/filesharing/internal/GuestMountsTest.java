package dev.berth.filesharing.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GuestMountsTest {
    @Test
    void readsTheVirtiofsLinesOfAMountTable() {
        String table = """
                overlay / overlay rw,relatime,lowerdir=/media/root-ro 0 0
                berth-0011223344556677 /home/me/my\\040code virtiofs rw,relatime 0 0
                berth-8899aabbccddeeff /tmp/caf\u00e9 virtiofs rw,relatime 0 0
                tmpfs /run tmpfs rw 0 0
                """;
        assertEquals(Map.of("berth-0011223344556677", Path.of("/home/me/my code"),
                "berth-8899aabbccddeeff", Path.of("/tmp/caf\u00e9")), GuestMounts.parse(table));
    }

    @Test
    void unescapesOctalBytesButLeavesOtherBackslashes() {
        assertEquals("a b\tc\nd\\e", GuestMounts.unescape("a\\040b\\011c\\012d\\134e"));
        assertEquals("x\\9y\\", GuestMounts.unescape("x\\9y\\"));
    }
}
