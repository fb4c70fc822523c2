package dev.berth.filesharing.internal;

import static java.nio.file.StandardWatchEventKinds.ENTRY_CREATE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_DELETE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_MODIFY;
import static java.nio.file.StandardWatchEventKinds.OVERFLOW;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Watches folder trees recursively with the JDK's watch service (inotify on Linux: one watch per folder), except
 * one folder left out, and stops adding watches when the user's inotify watch limit is reached, saying so.
 */
final class TreeWatcher implements AutoCloseable {
    private static final Path LIMIT_FILE = Path.of("/proc/sys/fs/inotify/max_user_watches");
    private final WatchService service;
    private final Consumer<Path> changed;
    private final Path excluded;
    private final Map<WatchKey, Path> keys = new ConcurrentHashMap<>();
    private List<Path> roots = List.of();
    private volatile String limitReached;

    /** Starts a thread that hands every changed path, except those under {@code excluded}, to {@code changed}. */
    TreeWatcher(Consumer<Path> changed, Path excluded) throws IOException {
        this.service = FileSystems.getDefault().newWatchService();
        this.changed = changed;
        this.excluded = excluded;
        Thread.ofPlatform().daemon().name("berth-fs-watch").start(this::run);
    }

    /** Watches exactly the trees under these folders from now on. */
    synchronized void watch(List<Path> folders) {
        if (folders.equals(roots)) return;
        List<Path> before = roots;
        roots = List.copyOf(folders);
        keys.entrySet().removeIf(e -> {
            if (roots.stream().anyMatch(e.getValue()::startsWith)) return false;
            e.getKey().cancel();
            return true;
        });
        limitReached = null;
        for (Path root : roots) {
            if (before.stream().noneMatch(root::startsWith)) register(root, false);
        }
    }

    /** How many folders are watched. */
    int folders() {
        return keys.size();
    }

    /** Why some folders are not watched, if the inotify limit stopped the watcher. */
    String limitReached() {
        return limitReached;
    }

    private synchronized void register(Path top, boolean report) {
        if (limitReached != null) return;
        try {
            Files.walkFileTree(top, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    if (dir.startsWith(excluded)) return FileVisitResult.SKIP_SUBTREE;
                    try {
                        keys.put(dir.register(service, ENTRY_CREATE, ENTRY_DELETE, ENTRY_MODIFY), dir);
                    } catch (IOException e) {
                        if (!e.getMessage().contains("inotify")) return FileVisitResult.SKIP_SUBTREE;
                        limitReached = "the inotify watch limit (fs.inotify.max_user_watches = " + limit()
                                + ") is reached after " + keys.size() + " folders: changes in the others do not reach "
                                + "containers; raise it with: sudo sysctl fs.inotify.max_user_watches=1048576";
                        return FileVisitResult.TERMINATE;
                    }
                    if (report && !dir.equals(top)) changed.accept(dir);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (report) changed.accept(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            // the folder went away while being walked: its deletion is reported on its parent
        }
    }

    private static String limit() {
        try {
            return Files.readString(LIMIT_FILE).strip();
        } catch (IOException e) {
            return "?";
        }
    }

    private void run() {
        while (true) {
            WatchKey key;
            try {
                key = service.take();
            } catch (InterruptedException | ClosedWatchServiceException e) {
                return;
            }
            Path dir = keys.get(key);
            for (WatchEvent<?> event : key.pollEvents()) {
                if (dir == null) continue;
                if (event.kind() == OVERFLOW) {
                    changed.accept(dir);
                    continue;
                }
                Path child = dir.resolve((Path) event.context());
                if (child.startsWith(excluded)) continue;
                changed.accept(child);
                if (event.kind() == ENTRY_CREATE && Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS)) register(child, true);
            }
            if (!key.reset()) keys.remove(key);
        }
    }

    @Override
    public void close() {
        try {
            service.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
