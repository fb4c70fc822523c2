package dev.berth.engine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HandshakeGateTest {
    @Test
    void runsUpToTheLimitAndQueuesTheRestInOrder() {
        HandshakeGate gate = new HandshakeGate(2);
        List<Integer> started = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            int n = i;
            gate.enter(() -> started.add(n));
        }
        assertEquals(List.of(0, 1), started);
        assertEquals(3, gate.waiting());
        gate.release();
        assertEquals(List.of(0, 1, 2), started);
        gate.release();
        gate.release();
        assertEquals(List.of(0, 1, 2, 3, 4), started);
        assertEquals(0, gate.waiting());
        gate.release();
        gate.release();
        gate.enter(() -> started.add(5));
        gate.enter(() -> started.add(6));
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6), started, "released slots are free again");
        gate.enter(() -> started.add(7));
        assertEquals(1, gate.waiting());
    }

    @Test
    void refusesAZeroLimit() {
        assertThrows(IllegalArgumentException.class, () -> new HandshakeGate(0));
    }
}
