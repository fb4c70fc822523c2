package dev.berth.filesharing.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.api.files.Share;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MountReportTest {
    private static final Share HOME = new Share(Path.of("/home/me"), "berth-aa", false);
    private static final Share TMP = new Share(Path.of("/tmp"), "berth-bb", false);

    @Test
    void collectsTheLinesBetweenMountsAndEnd() {
        MountReport r = new MountReport();
        assertTrue(r.accept("mount berth-aa /stray").isEmpty());
        assertTrue(r.accept("mounts").isEmpty());
        assertTrue(r.accept("mount berth-aa /src").isEmpty());
        assertEquals(Optional.of(List.of("mount berth-aa /src")), r.accept("end"));
        r.accept("mounts");
        assertEquals(Optional.of(List.of()), r.accept("end"));
    }

    @Test
    void mapsRootsToHostFoldersKeepingOnlyTheOutermost() {
        List<Path> folders = MountReport.folders(List.of("mount berth-aa /src/app", "mount berth-aa /src",
                "mount berth-bb /", "mount berth-aa /my\\040code", "mount berth-zz /x", "mount berth-aa /old//deleted",
                "mount berth-aa /../../etc"), List.of(HOME, TMP));
        assertEquals(List.of(Path.of("/home/me/my code"), Path.of("/home/me/src"), Path.of("/tmp")), folders);
    }
}
