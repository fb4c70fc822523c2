package dev.berth.vm.internal.guest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.berth.api.guest.GuestContribution;
import dev.berth.api.guest.OwnedContribution;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The daemon.json keys of every contribution merge, and a clash or a failing contribution names its givers. */
class DaemonJsonKeysTest {
    private static OwnedContribution keys(String owner, Map<String, Object> keys) {
        return new OwnedContribution(owner, new GuestContribution() {
            @Override
            public Map<String, Object> daemonJson() {
                return keys;
            }
        });
    }

    @Test
    void daemonJsonKeysMergeAndAClashNamesBothGivers() throws IOException {
        OwnedContribution a = keys("berth.a", Map.of("userland-proxy", false));
        OwnedContribution b = keys("berth.b", Map.of("debug", true));
        assertEquals(Map.of("userland-proxy", false, "debug", true), DaemonJsonKeys.merge(List.of(a, b)));
        OwnedContribution c = keys("berth.c", Map.of("debug", false));
        IOException e = assertThrows(IOException.class, () -> DaemonJsonKeys.merge(List.of(c, a, b)));
        assertEquals("the daemon.json key debug is given by both berth.b and berth.c", e.getMessage());
    }

    @Test
    void aContributionThatCannotAnswerIsNamed() {
        OwnedContribution broken = new OwnedContribution("berth.engine", new GuestContribution() {
            @Override
            public Map<String, Object> daemonJson() {
                throw new IllegalStateException("engine.daemonJson must be a JSON object");
            }
        });
        IOException e = assertThrows(IOException.class, () -> DaemonJsonKeys.merge(List.of(broken)));
        assertEquals("berth.engine's guest contribution: engine.daemonJson must be a JSON object", e.getMessage());
    }
}
