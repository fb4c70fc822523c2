package dev.berth.filesharing.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TreeWatcherTest {
    @TempDir
    Path tmp;

    private static void await(Set<Path> seen, Path p) throws InterruptedException {
        for (int i = 0; i < 100 && !seen.contains(p); i++) Thread.sleep(20);
        assertTrue(seen.contains(p), "no event for " + p + " in " + seen);
    }

    @Test
    void watchesWholeTreesIncludingFoldersCreatedLater() throws Exception {
        Path root = Files.createDirectories(tmp.toRealPath().resolve("root/sub"));
        Path outside = Files.createDirectories(tmp.toRealPath().resolve("outside"));
        Path berthHome = Files.createDirectories(tmp.toRealPath().resolve("root/berth-home/logs"));
        Set<Path> seen = ConcurrentHashMap.newKeySet();
        try (TreeWatcher w = new TreeWatcher(c -> seen.add(c.path()), berthHome.getParent())) {
            w.watch(List.of(root.getParent()));
            assertEquals(2, w.folders(), "Berth's own home is left out");
            Files.writeString(berthHome.resolve("daemon.log"), "x");
            Files.writeString(root.resolve("a.txt"), "x");
            await(seen, root.resolve("a.txt"));
            Path deep = Files.createDirectories(root.resolve("new/deeper"));
            await(seen, root.resolve("new"));
            Files.writeString(deep.resolve("b.txt"), "x");
            await(seen, deep.resolve("b.txt"));
            Files.writeString(outside.resolve("c.txt"), "x");
            w.watch(List.of(root));
            assertEquals(3, w.folders(), "only the folders under the remaining root stay watched");
            Thread.sleep(100);
            assertTrue(!seen.contains(outside.resolve("c.txt")));
            assertTrue(seen.stream().noneMatch(p -> p.startsWith(berthHome.getParent())), seen.toString());
        }
    }

    @Test
    void aRenameIsOneChangeAndKindsAreKept() throws Exception {
        Path root = Files.createDirectories(tmp.toRealPath().resolve("r/sub"));
        java.util.Queue<Change> seen = new java.util.concurrent.ConcurrentLinkedQueue<>();
        try (TreeWatcher w = new TreeWatcher(seen::add, tmp.toRealPath().resolve("excluded"))) {
            w.watch(List.of(root.getParent()));
            Path a = Files.writeString(root.getParent().resolve("a"), "x");
            Files.move(a, root.resolve("b"));
            Files.delete(root.resolve("b"));
            Change deleted = Change.of(Change.Kind.DELETED, root.resolve("b"), false);
            for (int i = 0; i < 100 && !seen.contains(deleted); i++) Thread.sleep(20);
            List<Change> all = List.copyOf(seen);
            assertEquals(List.of(Change.of(Change.Kind.CREATED, a, false), Change.of(Change.Kind.MODIFIED, a, false),
                    new Change(Change.Kind.MOVED, a, root.resolve("b"), false), deleted),
                    all.stream().distinct().toList(), all.toString());
        }
    }
}
