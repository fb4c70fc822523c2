package dev.berth.cli.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.cli.internal.Doctor.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SharingChecksTest {
    @TempDir
    Path dir;

    @Test
    void aMissingFileServerFailsWithWhatToDo() throws Exception {
        assertEquals(Level.FAIL, SharingChecks.fileServer(dir).level());
        Files.createFile(dir.resolve(SharingChecks.FILE_SERVER));
        assertEquals(Level.OK, SharingChecks.fileServer(dir).level());
    }

    @Test
    void lowPortsAreAWarningForANormalUserOnly() throws Exception {
        Path setting = Files.writeString(dir.resolve("start"), "1024\n");
        Doctor.Finding user = SharingChecks.lowPorts(1000, setting);
        assertEquals(Level.WARN, user.level());
        assertTrue(user.what().contains("below 1024") && user.fix().contains("ip_unprivileged_port_start=80"), user.toString());
        assertEquals(Level.OK, SharingChecks.lowPorts(0, setting).level());
        assertEquals(Level.OK, SharingChecks.lowPorts(1000, Files.writeString(setting, "0\n")).level());
    }
}
