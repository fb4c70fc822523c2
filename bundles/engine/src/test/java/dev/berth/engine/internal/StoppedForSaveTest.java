package dev.berth.engine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoppedForSaveTest {
    private static final StoppedForSave.Entry PLAIN = new StoppedForSave.Entry("a", "plain", "no", List.of("/tmp"));
    private static final StoppedForSave.Entry ALWAYS = new StoppedForSave.Entry("b", "always", "always", List.of("/tmp"));
    private static final StoppedForSave.Entry UNLESS = new StoppedForSave.Entry("c", "unless", "unless-stopped", List.of("/h"));
    private static final StoppedForSave.Entry FAILURE = new StoppedForSave.Entry("d", "failure", "on-failure", List.of("/h"));
    private static final StoppedForSave ALL = new StoppedForSave("boot-1", List.of(PLAIN, ALWAYS, UNLESS, FAILURE));

    @Test
    void afterAResumeEveryStoppedContainerStartsAgain() {
        assertEquals(ALL.containers(), ALL.toStart(true));
    }

    @Test
    void afterAFreshBootOnlyThoseTheEngineWouldRestartStartAgain() {
        assertEquals(List.of(ALWAYS, UNLESS), ALL.toStart(false));
    }

    @Test
    void survivesTheDaemonInAFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("state/" + ContainersAtSave.FILE);
        ALL.write(file);
        assertEquals(ALL, StoppedForSave.read(file));
        assertFalse(Files.exists(file.resolveSibling(file.getFileName() + ".part")));
    }
}
