package dev.berth.ui.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** What the dashboard does on the host: a process's CPU time and the terminal's exec call. */
class HostTest {
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
