package dev.berth.vm.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.berth.api.hypervisor.DiskSpec;
import dev.berth.api.hypervisor.MachineSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SavedVmTest {
    private static final long DISK = 64L << 30;
    private static final long MEMORY = 2048L << 20;

    private static MachineRecord record(String hash, int cpus, String cmdline, Path memory) {
        MachineSpec spec = new MachineSpec("berth", Path.of("/images/" + hash + "/vmlinuz"), List.of(Path.of("/i")), cmdline,
                cpus, 2048, List.of(new DiskSpec("data", Path.of("/disks/data.img"), "raw", false)), List.of(), List.of(),
                List.of(), Path.of("/run"), Path.of("/console.log"), memory);
        return new MachineRecord(spec, 0, hash);
    }

    private static SavedVm saved() {
        return new SavedVm(record("abc", 2, "quiet", Path.of("/state/memory.img")), "", DISK, 1000, MEMORY, 800_000, 0, 2000, "id");
    }

    @Test
    void aStateFitsTheMachineAColdBootWouldLaunch() {
        assertEquals(Optional.empty(), saved().mismatch(record("abc", 2, "quiet", Path.of("/state/memory.img")), "",
                DISK, DISK, 1000, MEMORY));
    }

    @Test
    void eachDifferenceIsNamed() {
        Path mem = Path.of("/state/memory.img");
        assertEquals(Optional.of("the guest image changed"), saved().mismatch(record("def", 2, "quiet", mem), "", DISK, DISK, 1000, MEMORY));
        assertEquals(Optional.of("the CPU or memory settings changed"), saved().mismatch(record("abc", 4, "quiet", mem), "", DISK, DISK, 1000, MEMORY));
        assertEquals(Optional.of("the kernel arguments changed"), saved().mismatch(record("abc", 2, "quiet x", mem), "", DISK, DISK, 1000, MEMORY));
        assertEquals(Optional.of("the engine's daemon.json changed"), saved().mismatch(record("abc", 2, "quiet", mem), "{}", DISK, DISK, 1000, MEMORY));
        assertEquals(Optional.of("the disk size setting grew"), saved().mismatch(record("abc", 2, "quiet", mem), "", 2 * DISK, DISK, 1000, MEMORY));
        assertEquals(Optional.of("the data disk changed since the save"), saved().mismatch(record("abc", 2, "quiet", mem), "", DISK, DISK, 1001, MEMORY));
        assertEquals(Optional.of("the guest memory file changed since the save"), saved().mismatch(record("abc", 2, "quiet", mem), "", DISK, DISK, 1000, -1));
        assertEquals(Optional.of("the machine's description changed"), saved().mismatch(record("abc", 2, "quiet", null), "", DISK, DISK, 1000, MEMORY));
    }

    @Test
    void theDescriptionSurvivesAWriteAndARead(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("saved.json");
        saved().write(file);
        assertEquals(Optional.of(saved()), SavedVm.read(file));
        assertEquals(Optional.empty(), SavedVm.read(dir.resolve("none.json")));
        Files.writeString(file, "{ not json");
        assertThrows(IOException.class, () -> SavedVm.read(file));
    }
}
