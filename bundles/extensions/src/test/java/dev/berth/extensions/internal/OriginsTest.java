package dev.berth.extensions.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OriginsTest {
    @TempDir
    Path dir;

    @Test
    void remembersAndForgetsAcrossInstances() throws IOException {
        Path file = dir.resolve("state/extensions.properties");
        new Origins(file).record("a.jar", "/home/me/a.jar");
        assertEquals("/home/me/a.jar", new Origins(file).of("a.jar"));
        assertEquals(Origins.DROPPED, new Origins(file).of("b.jar"));
        new Origins(file).forget("a.jar");
        assertEquals(Origins.DROPPED, new Origins(file).of("a.jar"));
    }
}
