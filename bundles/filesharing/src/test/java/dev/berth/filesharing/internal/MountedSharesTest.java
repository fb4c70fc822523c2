package dev.berth.filesharing.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.api.files.Share;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MountedSharesTest {
    private static final List<Share> WANTED = List.of(new Share(Path.of("/root"), "t0", false),
            new Share(Path.of("/tmp"), "t1", false), new Share(Path.of("/home/me/My Projects"), "t2", false));

    @Test
    void namesTheSharesThatThePassMountedInThatMachineOnly() {
        MountedShares m = MountedShares.of(42, WANTED,
                new ShareReconciler.Outcome(Map.of(Path.of("/tmp"), "cannot mount /tmp"), List.of()));
        assertTrue(m.has(42, Path.of("/root")));
        assertTrue(m.has(42, Path.of("/home/me/My Projects")));
        assertFalse(m.has(42, Path.of("/tmp")), "a failed share is not mounted");
        assertFalse(m.has(42, Path.of("/media/data")), "nor is a folder that is no share");
        assertFalse(m.has(43, Path.of("/root")), "a pass over an earlier machine does not answer for another");
        assertFalse(MountedShares.NONE.has(-1, Path.of("/root")));
    }
}
