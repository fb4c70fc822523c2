package dev.berth.hypervisor.qemu.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.api.hypervisor.SharedFolderSpec;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class VirtiofsdTest {
    @Test
    void runsInItsOwnSessionWithCloseToOpenCaching() {
        List<String> c = Virtiofsd.command(new SharedFolderSpec("berth-aa", Path.of("/home/a b"), false),
                Path.of("/run/vfs-berth-aa.sock"));
        assertEquals("/usr/bin/setsid", c.getFirst());
        assertTrue(c.contains("--socket-path=/run/vfs-berth-aa.sock"), c.toString());
        assertTrue(c.contains("source=/home/a b"), c.toString());
        assertTrue(c.contains("cache=auto"), c.toString());
    }

    @Test
    void escapesCommasAndBackslashesForFuseOptions() {
        assertEquals("/x\\,y\\\\z", Virtiofsd.escape("/x,y\\z"));
    }
}
