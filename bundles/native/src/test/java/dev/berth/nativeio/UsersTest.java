package dev.berth.nativeio;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The effective uid is the one the system's own tools report. */
class UsersTest {
    @Test
    void theEffectiveUidIsWhatIdPrints() throws Exception {
        Process id = new ProcessBuilder("id", "-u").start();
        long expected = Long.parseLong(new String(id.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip());
        assertEquals(0, id.waitFor());
        assertEquals(expected, Users.effectiveUid());
    }
}
