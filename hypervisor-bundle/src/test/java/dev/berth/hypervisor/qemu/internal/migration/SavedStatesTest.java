package dev.berth.hypervisor.qemu.internal.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.hypervisor.qemu.internal.qmp.QmpClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Berth opens the state file and hands QEMU its descriptor on the same control connection that then migrates to
 * {@code fd:NAME}; the scripted monitor keeps descriptors per connection and takes them as QEMU 7.2 does.
 */
class SavedStatesTest {
    private static final Duration T = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    @Test
    void aSaveWritesThroughTheHandedDescriptorIntoAPrivateFile() throws Exception {
        Path state = dir.resolve("vm").resolve("machine.state");
        try (ScriptedMonitor qemu = new ScriptedMonitor(dir.resolve("qmp.sock"), Set.of());
             QmpClient qmp = QmpClient.connect(dir.resolve("qmp.sock"), T)) {
            SavedStates.save(qmp, state, T);
            assertEquals(List.of("getfd {\"fdname\":\"berth-state\"}", "migrate {\"uri\":\"fd:berth-state\"}"),
                    qemu.commands.stream().filter(c -> c.startsWith("getfd") || c.startsWith("migrate ")).toList());
            assertEquals(Set.of(), qemu.filed(), "migrate took the descriptor");
        }
        assertEquals(ScriptedMonitor.STATE, Files.readString(state));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(state)));
        assertFalse(Files.exists(state.resolveSibling("machine.state.partial")), "the partial file was renamed");
    }

    @Test
    void aRestoreReadsTheStateThroughTheHandedDescriptor() throws Exception {
        Path state = Files.writeString(dir.resolve("machine.state"), "the saved devices");
        try (ScriptedMonitor qemu = new ScriptedMonitor(dir.resolve("qmp.sock"), Set.of());
             QmpClient qmp = QmpClient.connect(dir.resolve("qmp.sock"), T)) {
            SavedStates.restore(qmp, state, T, () -> true);
            assertEquals("the saved devices", qemu.loaded);
            assertTrue(qemu.commands.contains("migrate-incoming {\"uri\":\"fd:berth-state\"}"), qemu.commands.toString());
            assertEquals(Set.of(), qemu.filed());
        }
    }

    @Test
    void aRefusedMigrationSaysSoLeavesNoPartialFileAndClosesTheDescriptorInQemu() throws Exception {
        Path state = dir.resolve("machine.state");
        try (ScriptedMonitor qemu = new ScriptedMonitor(dir.resolve("qmp.sock"), Set.of("migrate"));
             QmpClient qmp = QmpClient.connect(dir.resolve("qmp.sock"), T)) {
            IOException e = assertThrows(IOException.class, () -> SavedStates.save(qmp, state, T));
            assertTrue(e.getMessage().contains("could not save the VM's state to " + state + ".partial")
                    && e.getMessage().contains("migrate is refused here"), e.getMessage());
            assertTrue(qemu.commands.contains("closefd {\"fdname\":\"berth-state\"}"), qemu.commands.toString());
            assertEquals(Set.of(), qemu.filed(), "QEMU does not keep the file open");
        }
        try (var files = Files.list(dir)) {
            assertEquals(List.of(), files.filter(f -> f.getFileName().toString().startsWith("machine.state")).toList());
        }
    }

    @Test
    void aMissingStateFailsBeforeQemuIsAskedAndNamesTheFile() throws Exception {
        Path state = dir.resolve("gone.state");
        try (ScriptedMonitor qemu = new ScriptedMonitor(dir.resolve("qmp.sock"), Set.of());
             QmpClient qmp = QmpClient.connect(dir.resolve("qmp.sock"), T)) {
            IOException e = assertThrows(IOException.class, () -> SavedStates.restore(qmp, state, T, () -> true));
            assertTrue(e.getMessage().startsWith("cannot open the VM's saved state: open " + state)
                    && e.getMessage().contains("No such file or directory"), e.getMessage());
            assertEquals(List.of("qmp_capabilities"), qemu.commands);
        }
    }
}
