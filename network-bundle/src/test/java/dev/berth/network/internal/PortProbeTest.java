package dev.berth.network.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.api.network.PortBinding;
import dev.berth.api.hypervisor.Protocol;
import java.net.BindException;
import org.junit.jupiter.api.Test;

class PortProbeTest {
    private static final PortBinding HTTP = new PortBinding(Protocol.TCP, "0.0.0.0", 80, 80);

    @Test
    void aLowPortTheUserMayNotBindSaysSoInsteadOfAllocated() {
        String text = PortProbe.refused(HTTP, new BindException("Permission denied"));
        assertTrue(text.startsWith("Bind for 0.0.0.0:80 failed: permission denied: only root may listen on ports below"),
                text);
        assertTrue(text.contains("-p 8080:80") && text.contains("ip_unprivileged_port_start=80"), text);
    }

    @Test
    void aPortInUseIsAllocatedInDockersWords() {
        assertEquals("Bind for 0.0.0.0:80 failed: port is already allocated",
                PortProbe.refused(HTTP, new BindException("Address already in use")));
    }

    @Test
    void theUnprivilegedPortStartIsTheKernelsWholeNumber() throws Exception {
        String kernel = java.nio.file.Files.readAllLines(
                java.nio.file.Path.of("/proc/sys/net/ipv4/ip_unprivileged_port_start")).getFirst().strip();
        assertEquals(Integer.parseInt(kernel), PortProbe.unprivilegedStart());
    }
}
