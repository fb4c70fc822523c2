package dev.berth.virtiofs.internal.fuse;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** The base of the FUSE server's tests: a fresh folder served read-write, and a client that has sent INIT. */
abstract class ServedFolder {
    static final int O_RDWR = 2;

    @TempDir
    Path share;
    FuseClient fuse;

    @BeforeEach
    void start() {
        fuse = new FuseClient(new FuseServer(share, false));
        assertEquals(0, fuse.init().error());
    }
}
