package dev.berth.ui.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the dashboard does on the host: the autostart entry, a process's CPU time and the terminal's exec call. */
class HostTest {
    @TempDir
    Path dir;

    @Test
    void startAtLoginWritesAndRemovesTheAutostartEntry() throws Exception {
        Autostart a = Autostart.forUser(Map.of("XDG_CONFIG_HOME", dir.toString()), "/home/me", Path.of("/home/me/.berth"),
                Path.of("/opt/berth dist/berth.jar"));
        assertEquals(dir.resolve("autostart/berth.desktop"), a.file());
        a.apply(true);
        String entry = Files.readString(a.file());
        assertTrue(entry.contains("Exec=env BERTH_HOME=/home/me/.berth "), entry);
        assertTrue(entry.contains(" -jar \"/opt/berth dist/berth-cli.jar\" start"), entry);
        a.apply(false);
        assertFalse(Files.exists(a.file()));
        a.apply(false);
        assertEquals(Path.of("/home/me/.config/autostart/berth.desktop"),
                Autostart.forUser(Map.of(), "/home/me", Path.of("/b"), Path.of("/b/berth.jar")).file());
        assertEquals("\"100%% \\$HOME\"", Autostart.quote("100% $HOME"));
    }

    @Test
    void processCpuTimeIsReadFromProc() {
        String stat = "4242 (qemu (x) sys) S 1 2 3 4 5 6 7 8 9 10 250 150 0 0 20 0 4 0 100 200 300";
        assertEquals(4.0, ProcessCpu.parse(stat), 0.001);
        assertTrue(ProcessCpu.cpuSeconds(ProcessHandle.current().pid()) > 0);
        assertEquals(-1, ProcessCpu.cpuSeconds(Long.MAX_VALUE));
        ProcessCpu cpu = new ProcessCpu();
        assertEquals(-1, cpu.percent(ProcessHandle.current().pid()), "the first call has nothing to compare with");
    }

    @Test
    void theTerminalAsksForAShellWithARealTty() {
        var body = TerminalSocket.execBody(120, 40);
        assertTrue(body.path("Tty").asBoolean());
        assertTrue(body.path("AttachStdin").asBoolean());
        assertEquals(List.of(40, 120), List.of(body.path("ConsoleSize").get(0).asInt(), body.path("ConsoleSize").get(1).asInt()));
        assertEquals("/bin/sh", body.path("Cmd").get(0).asText());
    }
}
