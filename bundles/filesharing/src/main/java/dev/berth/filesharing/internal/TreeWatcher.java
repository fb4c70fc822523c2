package dev.berth.filesharing.internal;

import dev.berth.filesharing.internal.Change.Kind;
import dev.berth.nativeio.ErrnoException;
import dev.berth.nativeio.Inotify;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Watches folder trees recursively with raw inotify (one watch per folder), except one folder left out, and hands
 * on each change with its kind, a rename as one change (its two halves paired by cookie), and stops adding watches
 * when the user's inotify watch limit is reached, saying so.
 */
final class TreeWatcher implements AutoCloseable {
    private static final Path LIMIT_FILE = Path.of("/proc/sys/fs/inotify/max_user_watches");
    /** How long the second half of a rename may lag behind the first in the queue. */
    private static final int PAIR_MILLIS = 20;
    private final Inotify inotify;
    private final Consumer<Change> changed;
    private final Path excluded;
    private final Map<Integer, Path> watches = new HashMap<>();
    private List<Path> roots = List.of();
    private volatile String limitReached;
    private volatile boolean closed;

    /** Starts a thread that hands every change, except those under {@code excluded}, to {@code changed}. */
    TreeWatcher(Consumer<Change> changed, Path excluded) throws IOException {
        try {
            this.inotify = Inotify.open();
        } catch (ErrnoException e) {
            throw new IOException("cannot start inotify: " + e.getMessage());
        }
        this.changed = changed;
        this.excluded = excluded;
        Thread.ofPlatform().daemon().name("berth-fs-watch").start(this::run);
    }

    /** Watches exactly the trees under these folders from now on. */
    synchronized void watch(List<Path> folders) {
        if (folders.equals(roots)) return;
        List<Path> before = roots;
        roots = List.copyOf(folders);
        watches.entrySet().removeIf(e -> {
            if (roots.stream().anyMatch(e.getValue()::startsWith)) return false;
            inotify.removeWatch(e.getKey());
            return true;
        });
        limitReached = null;
        for (Path root : roots) {
            if (before.stream().noneMatch(root::startsWith)) register(root, false);
        }
    }

    /** How many folders are watched. */
    synchronized int folders() {
        return watches.size();
    }

    /** Why some folders are not watched, if the inotify limit stopped the watcher. */
    String limitReached() {
        return limitReached;
    }

    /** Watches a tree; with {@code report}, its entries are handed on as created (they came before the watches). */
    private synchronized void register(Path top, boolean report) {
        if (limitReached != null || top.startsWith(excluded)) return;
        try {
            watches.put(inotify.addWatch(top.toString(), Inotify.FOLDER_EVENTS), top);
        } catch (ErrnoException e) {
            if (e.errno() == Inotify.ENOSPC) {
                limitReached = "the inotify watch limit (fs.inotify.max_user_watches = " + limit()
                        + ") is reached after " + watches.size() + " folders: changes in the others do not reach "
                        + "containers; raise it with: sudo sysctl fs.inotify.max_user_watches=1048576";
            }
            return;
        }
        try (Stream<Path> entries = Files.list(top)) {
            for (Path p : (Iterable<Path>) entries::iterator) {
                boolean dir = Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS);
                if (report && !p.startsWith(excluded)) changed.accept(Change.of(Kind.CREATED, p, dir));
                if (dir) register(p, report);
            }
        } catch (IOException | RuntimeException e) {
            // the folder went away while being listed: its deletion is reported on its parent
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
        Inotify.Event from = null;
        Path fromPath = null;
        while (!closed) {
            List<Inotify.Event> events;
            try {
                events = inotify.read(from == null ? 500 : PAIR_MILLIS);
            } catch (ErrnoException e) {
                return;
            }
            if (events.isEmpty() && from != null) {
                moved(fromPath, null, from.is(Inotify.IN_ISDIR));   // moved out of the watched trees
                from = null;
            }
            for (Inotify.Event e : events) {
                if (e.is(Inotify.IN_Q_OVERFLOW)) {
                    synchronized (this) {
                        roots.forEach(r -> changed.accept(Change.of(Kind.RESCAN, r, true)));
                    }
                    continue;
                }
                Path dir = folder(e);
                if (dir == null || e.name().isEmpty()) continue;
                Path path = dir.resolve(e.name());
                if (from != null && !(e.is(Inotify.IN_MOVED_TO) && e.cookie() == from.cookie())) {
                    moved(fromPath, null, from.is(Inotify.IN_ISDIR));
                    from = null;
                }
                boolean isDir = e.is(Inotify.IN_ISDIR);
                if (e.is(Inotify.IN_MOVED_FROM)) {
                    from = e;
                    fromPath = path;
                } else if (e.is(Inotify.IN_MOVED_TO)) {
                    moved(from == null ? null : fromPath, path, isDir);
                    from = null;
                } else if (path.startsWith(excluded)) {
                    continue;
                } else if (e.is(Inotify.IN_CREATE)) {
                    changed.accept(Change.of(Kind.CREATED, path, isDir));
                    if (isDir) register(path, true);
                } else if (e.is(Inotify.IN_DELETE)) {
                    changed.accept(Change.of(Kind.DELETED, path, isDir));
                } else if (e.is(Inotify.IN_MODIFY | Inotify.IN_CLOSE_WRITE)) {
                    changed.accept(Change.of(Kind.MODIFIED, path, isDir));
                } else if (e.is(Inotify.IN_ATTRIB)) {
                    changed.accept(Change.of(Kind.ATTRIB, path, isDir));
                }
            }
        }
    }

    /** The watched folder an event came from; a watch whose folder went is forgotten. */
    private synchronized Path folder(Inotify.Event e) {
        if (e.is(Inotify.IN_IGNORED)) {
            watches.remove(e.wd());
            return null;
        }
        return watches.get(e.wd());
    }

    /** A rename: within the trees, out of them ({@code to} null) or into them ({@code from} null). */
    private void moved(Path from, Path to, boolean dir) {
        boolean fromIn = from != null && !from.startsWith(excluded);
        boolean toIn = to != null && !to.startsWith(excluded);
        if (dir) rewatch(from, to);
        if (fromIn && toIn) changed.accept(new Change(Kind.MOVED, from, to, dir));
        else if (fromIn) changed.accept(Change.of(Kind.DELETED, from, dir));
        else if (toIn) changed.accept(Change.of(Kind.CREATED, to, dir));
    }

    /** Moves the watches of a renamed folder's tree to its new path, or drops them; a folder moved in is watched. */
    private synchronized void rewatch(Path from, Path to) {
        if (from != null) {
            for (Map.Entry<Integer, Path> w : Map.copyOf(watches).entrySet()) {
                if (!w.getValue().startsWith(from)) continue;
                if (to != null && !to.startsWith(excluded)) {
                    watches.put(w.getKey(), to.resolve(from.relativize(w.getValue())));
                } else {
                    inotify.removeWatch(w.getKey());
                    watches.remove(w.getKey());
                }
            }
        } else if (to != null) {
            register(to, false);
        }
    }

    @Override
    public void close() {
        closed = true;
        inotify.close();
    }
}
