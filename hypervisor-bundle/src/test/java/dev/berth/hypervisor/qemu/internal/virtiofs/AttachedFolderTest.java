package dev.berth.hypervisor.qemu.internal.virtiofs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.api.hypervisor.SharedFolderSpec;
import dev.berth.hypervisor.qemu.internal.files.QemuFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AttachedFolderTest {
    @TempDir
    Path run;

    @Test
    void recordsAreReadBackByTagAndForgotten() throws Exception {
        QemuFiles files = new QemuFiles(run);
        AttachedFolder a = new AttachedFolder(new SharedFolderSpec("berth-aa", Path.of("/home/å b"), false), "hp3", 1234);
        a.write(files);
        Files.writeString(run.resolve("qemu.pid"), "1");
        assertEquals(Optional.of(a), AttachedFolder.read(files, "berth-aa"));
        assertEquals(List.of(a), AttachedFolder.readAll(files));
        AttachedFolder.forget(files, "berth-aa");
        assertTrue(AttachedFolder.readAll(files).isEmpty());
    }

    @Test
    void tagsMustBeShortAndPlain() {
        for (String bad : List.of("", "a,b", "-x", "a".repeat(37), "a b")) {
            org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class, () -> QemuSharedFolders.checkTag(bad), bad);
        }
    }
}
