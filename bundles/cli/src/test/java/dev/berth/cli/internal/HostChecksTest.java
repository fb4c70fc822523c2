package dev.berth.cli.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.cli.host.KvmProbe;
import dev.berth.cli.internal.Doctor.Finding;
import dev.berth.cli.internal.Doctor.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostChecksTest {
    @TempDir
    Path dir;

    @Test
    void kvmWithoutHardwareVirtualizationFallsBackToTcg() throws Exception {
        Path kvm = Files.createFile(dir.resolve("kvm"));
        Path cpuinfo = Files.writeString(dir.resolve("cpuinfo"), "processor : 0\nflags : fpu sse2 hypervisor\n");
        Finding f = HostChecks.kvm(new KvmProbe(kvm, cpuinfo));
        assertEquals(Level.WARN, f.level());
        assertTrue(f.what().contains("no hardware virtualization"), f.what());
    }

    @Test
    void kvmWithVmxIsUsable() throws Exception {
        Path kvm = Files.createFile(dir.resolve("kvm"));
        Path cpuinfo = Files.writeString(dir.resolve("cpuinfo"), "processor : 0\nflags : fpu vmx sse2\n");
        assertEquals(Level.OK, HostChecks.kvm(new KvmProbe(kvm, cpuinfo)).level());
    }

    @Test
    void missingKvmDeviceIsAWarning() {
        assertEquals(Level.WARN, HostChecks.kvm(new KvmProbe(dir.resolve("none"), dir.resolve("none"))).level());
    }

    @Test
    void lastLinesKeepsTheTail() throws Exception {
        Path log = Files.writeString(dir.resolve("log"), "a\nb\nc\nd\n");
        assertEquals(java.util.List.of("c", "d"), LogTail.lastLines(log, 2));
        assertEquals(java.util.List.of(), LogTail.lastLines(dir.resolve("missing"), 2));
    }
}
