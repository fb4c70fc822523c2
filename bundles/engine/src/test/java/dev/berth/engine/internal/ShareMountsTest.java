package dev.berth.engine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class ShareMountsTest {
    private static final String MOUNTS = """
            overlay / overlay rw,relatime,lowerdir=/media/root-ro 0 0
            tmpfs /tmp tmpfs rw,nosuid,nodev 0 0
            berth-share-0 /root virtiofs rw,relatime 0 0
            berth-share-1 /home/me/My\\040Projects virtiofs rw,relatime 0 0
            /dev/vdb /media/data ext4 rw,noatime 0 0
            """;

    @Test
    void namesTheSharesThatAreNotMountedThroughVirtiofs() {
        assertEquals(List.of("/tmp", "/media/data"),
                ShareMounts.missing(MOUNTS, List.of("/root", "/tmp", "/home/me/My Projects", "/media/data")));
    }

    @Test
    void decodesTheKernelsOctalEscapes() {
        assertEquals("/a b\\c", ShareMounts.unescape("/a\\040b\\134c"));
        assertEquals("/trailing\\04", ShareMounts.unescape("/trailing\\04"));
    }
}
