package dev.berth.hypervisor.qemu.internal.net;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.berth.api.hypervisor.PortForward;
import dev.berth.api.hypervisor.Protocol;
import java.util.List;
import org.junit.jupiter.api.Test;

class UsernetTableTest {
    @Test
    void readsTheHostForwardRows() {
        String table = """
                Hub -1 (n0):
                  Protocol[State]    FD  Source Address  Port   Dest. Address  Port RecvQ SendQ
                  TCP[HOST_FORWARD]  13       127.0.0.1 46011       10.0.2.15  2376     0     0
                  TCP[ESTABLISHED]   25       10.0.2.15 52224        10.0.2.2    80     0     0
                  UDP[HOST_FORWARD]  17         0.0.0.0  5353       10.0.2.15  5353     0     0
                """;
        assertEquals(List.of(new PortForward(Protocol.TCP, "127.0.0.1", 46011, 2376),
                new PortForward(Protocol.UDP, "0.0.0.0", 5353, 5353)), UsernetTable.parse(table));
    }
}
