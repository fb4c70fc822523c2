package dev.berth.vm.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.api.hypervisor.Hypervisor;
import dev.berth.api.hypervisor.Machine;
import dev.berth.api.hypervisor.Suspension;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A save leaves private files and a state that resumes only with the memory that save left on disk. */
class StateKeeperTest {
    @TempDir
    Path home;
    private VmFiles files;
    private VmConfig config;
    private MachineLauncher launcher;
    private StateKeeper keeper;
    private final AtomicInteger restores = new AtomicInteger();

    @BeforeEach
    void builtHomeWithARunningMachine() throws Exception {
        files = new VmFiles(home);
        Fakes.builtHome(files, 1);
        config = Fakes.config(Map.of("diskGiB", 1, "memoryMiB", 128));
        launcher = new MachineLauncher(files, Fakes.images(files, config), () -> ConfigArchive.daemonJson(Map.of()));
        keeper = new StateKeeper(files, launcher, () -> ConfigArchive.daemonJson(Map.of()), Fakes.log());
        Files.createDirectories(files.runDir());
        Files.write(files.bootedDaemonJson(), ConfigArchive.daemonJson(Map.of()));
        Files.createDirectories(files.savedDir());
        writeMemory(1);
    }

    /** Writes {@code value} into the guest memory file of 128 MiB, as a running guest would. */
    private void writeMemory(int value) throws Exception {
        try (RandomAccessFile memory = new RandomAccessFile(files.memoryFile().toFile(), "rw")) {
            memory.setLength(128L << 20);
            memory.write(value);
        }
    }

    /** Saves a machine of the wanted spec whose suspension writes a state file as the QEMU bundle does. */
    private void save() {
        MachineRecord record = launcher.wanted(config).orElseThrow();
        Suspension suspension = Fakes.proxy(Suspension.class, (name, args) -> {
            if (name.equals("saveAndQuit")) Files.writeString((Path) args[0], "device state");
            return null;
        });
        Machine machine = Fakes.proxy(Machine.class, (name, args) -> switch (name) {
            case "spec" -> record.spec();
            case "suspension" -> Optional.of(suspension);
            default -> null;
        });
        Optional<String> notSaved = keeper.save(new MachineLauncher.Launched(machine, record, null), config, List.of(),
                () -> { }, Duration.ofSeconds(5));
        assertEquals(Optional.empty(), notSaved);
    }

    private Hypervisor hypervisor() {
        Machine resumed = Fakes.proxy(Machine.class, (name, args) -> null);
        return Fakes.proxy(Hypervisor.class, (name, args) -> {
            if (name.equals("restore")) {
                restores.incrementAndGet();
                return resumed;
            }
            return name.equals("name") ? "fake" : null;
        });
    }

    @Test
    void aSavedStateResumesWithTheMemoryItWasSavedWith() {
        save();
        assertTrue(keeper.restore(hypervisor(), config).isPresent(), keeper.lastBoot());
        assertEquals(1, restores.get());
    }

    @Test
    void aStateWhoseMemoryWasUsedSinceIsDiscarded() throws Exception {
        save();
        // the resumed guest ran on that memory, and the daemon ended before it could discard the state
        Files.deleteIfExists(files.savedDir().resolve("memory.id"));
        writeMemory(2);
        assertTrue(keeper.restore(hypervisor(), config).isEmpty());
        assertEquals(0, restores.get(), "resumed devices against a memory file of another run");
        assertTrue(keeper.lastBoot().contains("memory"), keeper.lastBoot());
    }

    @Test
    void whatASaveWritesIsPrivate() throws Exception {
        save();
        try (var saved = Files.list(files.savedDir())) {
            for (Path file : saved.filter(p -> !p.equals(files.memoryFile())).toList()) {
                assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)),
                        file.getFileName().toString());
            }
        }
        assertTrue(Files.readString(files.savedDescription(), StandardCharsets.UTF_8).contains("saveId"));
    }
}
