package dev.berth.cli.host;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.berth.cli.host.KvmProbe.Obstacle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KvmProbeTest {
    @TempDir
    Path dir;

    @Test
    void kvmNeedsTheDeviceAndVmxOrSvmOnTheFlagsLine() throws Exception {
        Path kvm = Files.createFile(dir.resolve("kvm"));
        assertEquals(Optional.empty(), probe(kvm, "processor : 0\nflags : fpu vmx sse2\n").obstacle());
        assertEquals(Optional.empty(), probe(kvm, "flags\t\t: fpu svm\n").obstacle());
        assertEquals(Optional.of(Obstacle.NO_HARDWARE), probe(kvm, "flags : fpu sse2 hypervisor\n").obstacle());
        assertEquals(Optional.of(Obstacle.NO_HARDWARE), probe(kvm, "flags : fpu vmxx\nmodel name : vmx\n").obstacle());
        assertEquals(Optional.of(Obstacle.NO_DEVICE), probe(dir.resolve("none"), "flags : vmx\n").obstacle());
        assertEquals(Optional.of(Obstacle.NO_CPUINFO), new KvmProbe(kvm, dir.resolve("none")).obstacle());
    }

    @Test
    void theReasonNamesTheDevice() {
        Path none = dir.resolve("none");
        assertEquals(Optional.of(none + " does not exist"), new KvmProbe(none, none).reasonAgainstKvm());
    }

    private KvmProbe probe(Path kvm, String cpuinfo) throws Exception {
        return new KvmProbe(kvm, Files.writeString(dir.resolve("cpuinfo"), cpuinfo));
    }
}
