package dev.berth.nativeio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real inotify on a temporary folder. */
class InotifyTest {
    @TempDir
    Path dir;

    /** Reads until {@code count} events came (the kernel queues them before the calls that make them return). */
    private static List<Inotify.Event> events(Inotify in, int count) throws ErrnoException {
        List<Inotify.Event> all = new ArrayList<>();
        for (int i = 0; i < 50 && all.size() < count; i++) all.addAll(in.read(100));
        return all;
    }

    @Test
    void createDeleteAndARenamePairWithOneCookie() throws Exception {
        try (Inotify in = Inotify.open()) {
            int wd = in.addWatch(dir.toString(), Inotify.FOLDER_EVENTS);
            Path sub = Files.createDirectory(dir.resolve("sub"));
            int subWd = in.addWatch(sub.toString(), Inotify.FOLDER_EVENTS);
            assertNotEquals(wd, subWd);
            Files.writeString(dir.resolve("a"), "x");
            Files.move(dir.resolve("a"), sub.resolve("b"));
            Files.delete(sub.resolve("b"));
            List<Inotify.Event> e = events(in, 7);
            List<String> seen = new ArrayList<>();
            for (Inotify.Event ev : e) seen.add(ev.wd() + " " + Integer.toHexString(ev.mask()) + " " + ev.name());
            assertEquals(List.of(
                    wd + " 40000100 sub",
                    wd + " 100 a",
                    wd + " 2 a",
                    wd + " 8 a",
                    wd + " 40 a",
                    subWd + " 80 b",
                    subWd + " 200 b"), seen.subList(0, 7), seen.toString());
            assertNotEquals(0, e.get(4).cookie());
            assertEquals(e.get(4).cookie(), e.get(5).cookie());
            assertTrue(e.get(0).is(Inotify.IN_ISDIR));
        }
    }

    @Test
    void aReadWithNothingQueuedTimesOutEmptyAndAWatchOfNothingFails() throws Exception {
        try (Inotify in = Inotify.open()) {
            in.addWatch(dir.toString(), Inotify.FOLDER_EVENTS);
            assertTrue(in.read(10).isEmpty());
            ErrnoException missing = org.junit.jupiter.api.Assertions.assertThrows(ErrnoException.class,
                    () -> in.addWatch(dir.resolve("none").toString(), Inotify.FOLDER_EVENTS));
            assertEquals(2, missing.errno());
            in.close();
            assertTrue(in.read(10).isEmpty());
        }
    }
}
