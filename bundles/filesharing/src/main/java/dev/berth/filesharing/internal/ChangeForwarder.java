package dev.berth.filesharing.internal;

import dev.berth.api.files.FileShares;
import dev.berth.api.files.Share;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Carries host changes into the guest's inotify while the VM runs: watches the host folders that containers
 * mount (as the guest reports them), gathers bursts until 50 ms pass without a change (250 ms at most), and
 * sends each burst as one batch. The watcher only queues, so a slow guest never holds it up.
 */
final class ChangeForwarder implements AutoCloseable {
    private static final long QUIET_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    private static final long MAX_DELAY_NANOS = TimeUnit.MILLISECONDS.toNanos(250);
    /** Beyond this many queued changes the next batch replays the watched folders themselves. */
    private static final int MAX_PENDING = 50_000;
    private final Supplier<List<Share>> shares;
    private final MountReport report = new MountReport();
    private final ChangeBatcher batcher = new ChangeBatcher(FileState::of);
    private final TreeWatcher watcher;
    private final EventChannel channel;
    private final AtomicLong replayed = new AtomicLong();
    private final Object lock = new Object();
    private List<Change> pending = new ArrayList<>();
    private boolean overflow;
    private long first;
    private long last;
    private volatile List<String> mounts = List.of();
    private volatile List<Path> roots = List.of();
    private volatile boolean closed;
    private final String budget;
    private final GuestChanges guest;
    private final AtomicLong echoes = new AtomicLong();

    /**
     * Connects to the guest's port behind {@code socket} and starts watching once the guest reports mounts.
     *
     * @param excluded a folder whose changes stay on the host: Berth's own home, where the VM's disk and the
     *                 logs change all the time
     */
    ChangeForwarder(Path socket, Supplier<List<Share>> shares, Path excluded) throws IOException {
        this.shares = shares;
        this.watcher = new TreeWatcher(this::changed, excluded);
        this.guest = new GuestChanges(socket.resolveSibling(FileShares.CHANGES_SOCKET));
        this.budget = "budget " + InodeBudget.ofThisProcess();
        this.channel = new EventChannel(socket, List.of("hello", budget), this::fromGuest);
        Thread.ofPlatform().daemon().name("berth-fs-replay").start(this::flushLoop);
    }

    private void fromGuest(String line) {
        // Every mount report, the first one of a (re)started agent included, is answered with the budget: the
        // greeting alone is lost when the agent opens its port after the host connected, or restarts, and without
        // it the guest caches inodes until the file server runs out of descriptors.
        EventChannel ch = channel;   // null while the constructor runs
        if (line.equals("mounts") && ch != null) Thread.startVirtualThread(() -> ch.send(List.of(budget)));
        report.accept(line).ifPresent(lines -> {
            mounts = lines;
            refresh();
        });
    }

    /** Watches the folders of the guest's last mount report under the shares in force now. */
    synchronized void refresh() {
        roots = MountReport.folders(mounts, shares.get());
        watcher.watch(roots);
        notifyAll();
    }

    /**
     * Waits until the guest reports that containers mount no shared folder, or {@code millis} pass; returns the
     * folders still mounted.
     */
    synchronized List<Path> awaitUnmounted(long millis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        long left;
        while (!roots.isEmpty() && !closed && (left = deadline - System.nanoTime()) > 0) {
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return roots;
    }

    private void changed(Change change) {
        synchronized (lock) {
            long now = System.nanoTime();
            if (pending.isEmpty() && !overflow) first = now;
            last = now;
            if (pending.size() < MAX_PENDING) pending.add(change);
            else overflow = true;
            lock.notifyAll();
        }
    }

    private void flushLoop() {
        try {
            while (!closed) {
                List<Change> burst;
                synchronized (lock) {
                    while (pending.isEmpty() && !overflow && !closed) lock.wait();
                    if (closed) return;
                    long now = System.nanoTime();
                    long wait = Math.min(last + QUIET_NANOS - now, first + MAX_DELAY_NANOS - now);
                    if (wait > 0) {
                        TimeUnit.NANOSECONDS.timedWait(lock, wait);
                        continue;
                    }
                    if (overflow) {
                        burst = new ArrayList<>();
                        for (Path root : roots) burst.add(Change.of(Change.Kind.RESCAN, root, true));
                    } else {
                        // checked only now, a quiet spell after the events: the file server reports a change
                        // just after making it, so its report may come after the host's event
                        int before = pending.size();
                        pending.removeIf(c -> echo(c, now));
                        echoes.addAndGet(before - pending.size());
                        burst = ChangePlan.of(pending);
                    }
                    pending = new ArrayList<>();
                    overflow = false;
                }
                List<String> lines = batcher.lines(burst, roots, System.nanoTime());
                if (!lines.isEmpty() && channel.send(lines)) replayed.addAndGet(lines.size() - 1);

            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Whether a host change is the echo of one the guest made through a file server: same kind, same path. */
    private boolean echo(Change c, long now) {
        return switch (c.kind()) {
            // a rename seen in half (its other name outside the watched folders) is a create or a removal
            case CREATED -> guest.byGuest("cm", c.path(), now);
            case DELETED -> guest.byGuest("dm", c.path(), now);
            case MOVED -> guest.byGuest("m", c.path(), now) && guest.byGuest("m", c.to(), now);
            case MODIFIED -> guest.byGuest("w", c.path(), now);
            case ATTRIB -> guest.byGuest("a", c.path(), now);
            case RESCAN -> false;
        };
    }

    /** The shared folders that containers mount now, as the guest last reported them. */
    List<Path> mountedRoots() {
        return roots;
    }

    /** A sentence on what is forwarded, for the status. */
    String describe() {
        if (!channel.connected()) return "waiting for the guest's fsevents service";
        String watching = "watching " + roots.size() + " mounted folder(s), " + watcher.folders() + " inotify watch(es); "
                + replayed.get() + " change(s) replayed, " + echoes.get() + " of the guest's own not replayed back";
        long dropped = channel.droppedLines();
        if (dropped > 0) watching += "; " + dropped + " overlong line(s) from the guest dropped";
        String limit = watcher.limitReached();
        return limit == null ? watching : watching + "; " + limit;
    }

    @Override
    public void close() {
        closed = true;
        channel.close();
        watcher.close();
        guest.close();
        synchronized (lock) {
            lock.notifyAll();
        }
        synchronized (this) {
            notifyAll();
        }
    }
}
