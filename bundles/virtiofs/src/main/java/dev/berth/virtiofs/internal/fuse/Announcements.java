package dev.berth.virtiofs.internal.fuse;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The host changes the guest's fsevents agent has announced it is about to replay, each for a short window and
 * for the one guest process that announced it.
 *
 * <p>Why: a change made on the host raises no inotify event in the guest, and Linux's virtio-fs client has no
 * notification queue through which a server could tell it of one (FUSE's notify replies only invalidate caches;
 * they never reach inotify). So the agent makes the guest's own VFS raise the event by doing the same operation
 * (an {@code O_CREAT} open, a mkdir, an unlink, an rmdir, a rename, a truncate) through the mount, and this server,
 * told beforehand, answers it as if it had been done while leaving the host, where it already happened, alone.
 *
 * <p>How: the agent announces with a LOOKUP, from the folder concerned, of the name {@code .berth-event.OP.NAME}
 * (a busybox shell does that with its {@code [ -e PATH ]} builtin, no extra process; NAME is the entry's own name,
 * which a path component can carry unchanged). The lookup answers ENOENT, so nothing of it stays in the guest's
 * dentry cache, and records the announcement with the caller's pid: only requests of that same process, within
 * {@link #WINDOW_NANOS}, are answered differently, and the operation consumes it, so other processes never see
 * anything but the host's files.
 */
final class Announcements {
    static final String PREFIX = ".berth-event.";
    static final long WINDOW_NANOS = TimeUnit.SECONDS.toNanos(2);
    /** More pending than this and the oldest are dropped: the agent never has more than a few. */
    private static final int MAX_PENDING = 256;

    /** What the announced operation replays. */
    enum Op {
        CREATE("create"), MKDIR("mkdir"), UNLINK("unlink"), RMDIR("rmdir"), FROM("from"), TO("to"),
        TRUNCATE("truncate");

        final String word;

        Op(String word) {
            this.word = word;
        }
    }

    /** One announcement: for TRUNCATE also the host file it names, by identity, since SETATTR names a node. */
    record Pending(Op op, int pid, long parent, String name, Inodes.Key key, long deadline) {
    }

    /** A name that announces {@code op} of the entry {@code name}. */
    record Magic(Op op, String name) {
    }

    private final List<Pending> pending = new ArrayList<>();
    private final LongSupplier clock;

    Announcements(LongSupplier clock) {
        this.clock = clock;
    }

    /** The announcement a looked-up name makes, or null when it is an ordinary name (or an unknown operation). */
    static Magic parse(String name) {
        if (!name.startsWith(PREFIX)) return null;
        int dot = name.indexOf('.', PREFIX.length());
        if (dot < 0 || dot == name.length() - 1) return null;
        String word = name.substring(PREFIX.length(), dot);
        String entry = name.substring(dot + 1);
        if (entry.equals(".") || entry.equals("..")) return null;
        for (Op op : Op.values()) if (op.word.equals(word)) return new Magic(op, entry);
        return null;
    }

    /** Whether a looked-up name is in the announcement namespace at all. */
    static boolean magic(String name) {
        return name.startsWith(PREFIX);
    }

    synchronized void add(Op op, int pid, long parent, String name, Inodes.Key key) {
        long now = clock.getAsLong();
        expire(now);
        // a repeated announcement replaces the earlier one of the same process
        pending.removeIf(p -> p.op == op && p.pid == pid && (op == Op.FROM || op == Op.TO
                || (p.parent == parent && p.name.equals(name))));
        if (pending.size() >= MAX_PENDING) pending.remove(0);
        pending.add(new Pending(op, pid, parent, name, key, now + WINDOW_NANOS));
    }

    /** The live announcement of {@code op} by {@code pid} of {@code name} in {@code parent}, or null. */
    synchronized Pending find(Op op, int pid, long parent, String name) {
        expire(clock.getAsLong());
        for (Pending p : pending) {
            if (p.op == op && p.pid == pid && p.parent == parent && p.name.equals(name)) return p;
        }
        return null;
    }

    /** The live announcement of {@code op} by {@code pid} of the host file {@code key}, or null. */
    synchronized Pending find(Op op, int pid, Inodes.Key key) {
        expire(clock.getAsLong());
        for (Pending p : pending) if (p.op == op && p.pid == pid && key.equals(p.key)) return p;
        return null;
    }

    /** The live announcement of {@code op} by {@code pid}, whatever it names, or null. */
    synchronized Pending find(Op op, int pid) {
        expire(clock.getAsLong());
        for (Pending p : pending) if (p.op == op && p.pid == pid) return p;
        return null;
    }

    synchronized void consume(Pending p) {
        pending.remove(p);
    }

    synchronized int size() {
        expire(clock.getAsLong());
        return pending.size();
    }

    private void expire(long now) {
        pending.removeIf(p -> now - p.deadline > 0);
    }
}
