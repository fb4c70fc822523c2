package dev.berth.virtiofs.internal.fuse;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The warm-up's requests all succeed, and it leaves nothing behind in the folder it was given. */
class WarmupTest {
    @TempDir
    Path parent;

    @Test
    void everyRequestSucceedsAndTheFolderIsLeftAsItWas() throws Exception {
        Files.writeString(parent.resolve("mine"), "kept");
        assertEquals(0, Warmup.run(parent), "requests that failed");
        try (Stream<Path> left = Files.list(parent)) {
            assertEquals(java.util.List.of(parent.resolve("mine")), left.toList());
        }
        assertEquals("kept", Files.readString(parent.resolve("mine")));
    }
}
