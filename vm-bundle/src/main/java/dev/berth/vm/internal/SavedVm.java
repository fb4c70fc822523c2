package dev.berth.vm.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.api.hypervisor.MachineSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@code berth stop} saved beside the VM's state file, to tell at the next start whether the state still fits.
 *
 * @param record         the machine that was saved (its spec, engine port and image)
 * @param daemonJson     the engine's daemon.json it booted with
 * @param diskBytes      the data disk's size once the machine had exited
 * @param diskModified   the data disk's modification time then, in milliseconds
 * @param memoryBytes    the guest memory file's size
 * @param stateBytes     the state file's size
 * @param savedAtMillis  when it was saved, in milliseconds since the epoch
 * @param saveMillis     how long the save took
 * @param saveId         the random id of this save, also in the marker beside the memory file (see {@link SaveSeal})
 */
record SavedVm(MachineRecord record, String daemonJson, long diskBytes, long diskModified, long memoryBytes,
               long stateBytes, long savedAtMillis, long saveMillis, String saveId) {
    private static final ObjectMapper JSON = MachineRecord.JSON;

    /** Writes the description atomically and durably. */
    void write(Path file) throws IOException {
        DurableFiles.write(file, JSON.writeValueAsBytes(this));
    }

    /** The description in {@code file}; empty when there is none, a description that cannot be read is an error. */
    static Optional<SavedVm> read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) return Optional.empty();
        try {
            return Optional.of(JSON.readValue(file.toFile(), SavedVm.class));
        } catch (IOException e) {
            throw new IOException("the description of the saved VM state cannot be read: " + e.getMessage(), e);
        }
    }

    /**
     * Why the saved state does not fit a machine that would boot now with {@code wanted}, or empty when it does.
     * Only the engine's port may differ: it is chosen afresh at each start.
     */
    Optional<String> mismatch(MachineRecord wantedRecord, String wantedDaemonJson, long wantedDiskBytes, long disk,
                              long modified, long memory) {
        MachineSpec saved = record.spec();
        MachineSpec wanted = wantedRecord.spec();
        if (!record.imageHash().equals(wantedRecord.imageHash())) return Optional.of("the guest image changed");
        if (wantedDiskBytes > diskBytes) return Optional.of("the disk size setting grew");
        if (saved.cpus() != wanted.cpus() || saved.memoryMiB() != wanted.memoryMiB()) {
            return Optional.of("the CPU or memory settings changed");
        }
        if (!saved.cmdline().equals(wanted.cmdline())) return Optional.of("the kernel arguments changed");
        if (!Objects.equals(daemonJson, wantedDaemonJson)) return Optional.of("the engine's daemon.json changed");
        if (!saved.kernel().equals(wanted.kernel()) || !saved.initrds().equals(wanted.initrds())
                || !saved.disks().equals(wanted.disks()) || !saved.channels().equals(wanted.channels())
                || !Objects.equals(saved.memoryFile(), wanted.memoryFile())) {
            return Optional.of("the machine's description changed");
        }
        if (disk != diskBytes || modified != diskModified) return Optional.of("the data disk changed since the save");
        if (memory != memoryBytes) return Optional.of("the guest memory file changed since the save");
        return Optional.empty();
    }
}
