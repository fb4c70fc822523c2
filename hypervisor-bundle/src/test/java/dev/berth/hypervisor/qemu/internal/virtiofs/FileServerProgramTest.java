package dev.berth.hypervisor.qemu.internal.virtiofs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.api.hypervisor.SharedFolderSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileServerProgramTest {
    @TempDir
    Path lib;

    @Test
    void berthsServerRunsFromTheJarBesideTheDaemon() throws IOException {
        Files.createFile(lib.resolve(FileServerProgram.JAR_NAME));
        String before = System.getProperty("berth.lib");
        System.setProperty("berth.lib", lib.toString());
        try {
            List<String> c = FileServerProgram.BERTH.command(new SharedFolderSpec("berth-aa", Path.of("/home/a b"),
                    true), Path.of("/run/vfs-berth-aa.sock"));
            assertTrue(c.getFirst().endsWith("/bin/java"), c.toString());
            assertTrue(c.contains(lib.resolve(FileServerProgram.JAR_NAME).toString()), c.toString());
            assertTrue(c.contains("--shared-dir=/home/a b"), c.toString());
            assertTrue(c.contains("--socket-path=/run/vfs-berth-aa.sock"), c.toString());
            assertEquals("--readonly", c.getLast());
        } finally {
            if (before == null) System.clearProperty("berth.lib");
            else System.setProperty("berth.lib", before);
        }
    }

    @Test
    void aMissingServerJarIsReportedWithWhatToDo() {
        String before = System.getProperty("berth.lib");
        System.setProperty("berth.lib", lib.toString());
        try {
            IOException e = assertThrows(IOException.class, () -> FileServerProgram.BERTH.command(
                    new SharedFolderSpec("t", Path.of("/x"), false), Path.of("/s")));
            assertTrue(e.getMessage().contains("rebuild or reinstall"), e.getMessage());
        } finally {
            if (before == null) System.clearProperty("berth.lib");
            else System.setProperty("berth.lib", before);
        }
    }

    @Test
    void qemusVirtiofsdRefusesReadOnlyShares() {
        assertThrows(IOException.class, () -> FileServerProgram.QEMU_VIRTIOFSD.command(
                new SharedFolderSpec("t", Path.of("/x"), true), Path.of("/s")));
    }

    @Test
    void theSettingNamesTheProgram() {
        assertEquals(FileServerProgram.QEMU_VIRTIOFSD, FileServerProgram.named(" virtiofsd "));
        assertEquals(FileServerProgram.BERTH, FileServerProgram.named("berth"));
        assertFalse(FileServerProgram.BERTH.runs(ProcessHandle.current()));
    }

    @Test
    void escapesCommasAndBackslashesForFuseOptions() {
        assertEquals("/x\\,y\\\\z", FileServerProgram.escape("/x,y\\z"));
    }
}
