package dev.berth.nativeio;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * One Linux inotify instance: watches folders and reads their events with the entry's name and the cookie that
 * pairs the two halves of a rename, which the JDK's watch service does not give. Watches may be added from any
 * thread while one thread reads; {@link #close} waits for a read in progress (at most its timeout).
 */
public final class Inotify implements AutoCloseable {
    public static final int IN_MODIFY = 0x2, IN_ATTRIB = 0x4, IN_CLOSE_WRITE = 0x8, IN_MOVED_FROM = 0x40,
            IN_MOVED_TO = 0x80, IN_CREATE = 0x100, IN_DELETE = 0x200, IN_DELETE_SELF = 0x400, IN_MOVE_SELF = 0x800,
            IN_UNMOUNT = 0x2000, IN_Q_OVERFLOW = 0x4000, IN_IGNORED = 0x8000, IN_ONLYDIR = 0x0100_0000,
            IN_DONT_FOLLOW = 0x0200_0000, IN_EXCL_UNLINK = 0x0400_0000, IN_ISDIR = 0x4000_0000;
    /** What a watched folder reports of its entries. */
    public static final int FOLDER_EVENTS = IN_MODIFY | IN_ATTRIB | IN_CLOSE_WRITE | IN_MOVED_FROM | IN_MOVED_TO
            | IN_CREATE | IN_DELETE | IN_DELETE_SELF | IN_MOVE_SELF | IN_ONLYDIR | IN_DONT_FOLLOW | IN_EXCL_UNLINK;
    /** inotify_add_watch's errno when the user's watch limit is reached. */
    public static final int ENOSPC = 28;

    private static final int IN_NONBLOCK = 0x800, IN_CLOEXEC = 0x80000, POLLIN = 1, EINTR = 4, EAGAIN = 11;
    private static final int HEADER = 16;
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT;
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG;
    private static final ValueLayout PTR = ValueLayout.ADDRESS;
    private static final MethodHandle INIT = Calls.bind("inotify_init1", FunctionDescriptor.of(INT, INT));
    private static final MethodHandle ADD = Calls.bind("inotify_add_watch", FunctionDescriptor.of(INT, INT, PTR, INT));
    private static final MethodHandle RM = Calls.bind("inotify_rm_watch", FunctionDescriptor.of(INT, INT, INT));
    private static final MethodHandle POLL = Calls.bind("poll", FunctionDescriptor.of(INT, PTR, LONG, INT));
    private static final Charset NAMES = names();

    /** One event: the watch it came from, its mask, the rename cookie (0 for others) and the entry's name. */
    public record Event(int wd, int mask, int cookie, String name) {
        /** Whether the mask has any of {@code bits}. */
        public boolean is(int bits) {
            return (mask & bits) != 0;
        }
    }

    private final int fd;
    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private final Arena arena = Arena.ofShared();
    private final MemorySegment buffer = arena.allocate(64 * 1024, 8);
    private final MemorySegment pollfd = arena.allocate(8, 8);
    private boolean closed;

    private Inotify(int fd) {
        this.fd = fd;
    }

    /** A new inotify instance. */
    public static Inotify open() throws ErrnoException {
        return new Inotify((int) Calls.run(INIT, "inotify_init1", h -> (int) h.invokeExact(Calls.state(),
                IN_NONBLOCK | IN_CLOEXEC)));
    }

    /** Watches {@code path} for {@code mask}: the watch descriptor, the same one for a path already watched. */
    public int addWatch(String path, int mask) throws ErrnoException {
        lock.readLock().lock();
        try (Arena a = Arena.ofConfined()) {
            if (closed) throw new ErrnoException("inotify_add_watch", 9);
            return (int) Calls.run(ADD, "inotify_add_watch",
                    h -> (int) h.invokeExact(Calls.state(), fd, a.allocateFrom(path, NAMES), mask));
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Stops a watch; one already gone (its folder was deleted) is ignored. */
    public void removeWatch(int wd) {
        MethodHandle h = RM;
        lock.readLock().lock();
        try {
            if (!closed && h != null) {
                // EINVAL where the watch went with its folder: nothing left to stop
                int result = (int) h.invokeExact(Calls.state(), fd, wd);
            }
        } catch (Throwable e) {
            throw Calls.broken("inotify_rm_watch", e);
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * The events queued now, waiting up to {@code timeoutMillis} for the first; empty on timeout, on an
     * interrupted wait, or once closed. Only one thread may read.
     */
    public List<Event> read(int timeoutMillis) throws ErrnoException {
        lock.readLock().lock();
        try {
            if (closed) return List.of();
            pollfd.set(INT, 0, fd);
            pollfd.set(INT, 4, POLLIN);
            int ready = (int) Calls.need(POLL, "poll").invokeExact(Calls.state(), pollfd, 1L, timeoutMillis);
            if (ready < 0) {
                int errno = Libc.errno(Calls.state());
                if (errno == EINTR) return List.of();
                throw new ErrnoException("poll", errno);
            }
            if (ready == 0) return List.of();
            long n;
            try {
                n = FdCalls.read(fd, buffer);
            } catch (ErrnoException e) {
                if (e.errno() == EAGAIN || e.errno() == EINTR) return List.of();
                throw e;
            }
            return parse(buffer, n);
        } catch (ErrnoException e) {
            throw e;
        } catch (Throwable e) {
            throw Calls.broken("poll", e);
        } finally {
            lock.readLock().unlock();
        }
    }

    private static List<Event> parse(MemorySegment buf, long n) {
        List<Event> events = new ArrayList<>();
        long at = 0;
        while (at + HEADER <= n) {
            int wd = buf.get(INT, at);
            int mask = buf.get(INT, at + 4);
            int cookie = buf.get(INT, at + 8);
            int len = buf.get(INT, at + 12);
            int nameLength = 0;
            while (nameLength < len && buf.get(ValueLayout.JAVA_BYTE, at + HEADER + nameLength) != 0) nameLength++;
            byte[] name = buf.asSlice(at + HEADER, nameLength).toArray(ValueLayout.JAVA_BYTE);
            events.add(new Event(wd, mask, cookie, new String(name, NAMES)));
            at += HEADER + len;
        }
        return events;
    }

    private static Charset names() {
        try {
            return Charset.forName(System.getProperty("sun.jnu.encoding", "UTF-8"));
        } catch (RuntimeException e) {
            return StandardCharsets.UTF_8;
        }
    }

    @Override
    public void close() {
        lock.writeLock().lock();
        try {
            if (closed) return;
            closed = true;
            PathCalls.close(fd);
            arena.close();
        } finally {
            lock.writeLock().unlock();
        }
    }
}
