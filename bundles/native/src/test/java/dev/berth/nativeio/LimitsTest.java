package dev.berth.nativeio;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The limit this process ends with is the one the kernel reports for it (a million only where it holds
 * CAP_SYS_RESOURCE, which root in a container often lacks, so the figure itself is not asserted).
 */
class LimitsTest {
    @Test
    void theRaisedLimitIsTheOneInForce() throws Exception {
        long raised = Limits.raiseOpenFiles(1_000_000);
        String line = Files.readAllLines(Path.of("/proc/self/limits")).stream()
                .filter(l -> l.startsWith("Max open files")).findFirst().orElseThrow();
        String soft = line.substring("Max open files".length()).strip().split("\\s+")[0];
        assertEquals(soft, Long.toString(raised));
    }
}
