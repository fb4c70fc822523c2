package dev.berth.platform.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {
    @Test
    void formatsForPeople() {
        assertEquals("12s", Durations.human(Duration.ofSeconds(12)));
        assertEquals("4m 10s", Durations.human(Duration.ofSeconds(250)));
        assertEquals("2h 5m", Durations.human(Duration.ofMinutes(125)));
        assertEquals("3d 4h", Durations.human(Duration.ofHours(76)));
        assertEquals("0s", Durations.human(Duration.ofSeconds(-3)));
    }
}
