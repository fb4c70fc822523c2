package dev.berth.virtiofs.internal.fuse;

import static dev.berth.nativeio.OpenFlags.AT_EMPTY_PATH;
import static dev.berth.nativeio.OpenFlags.AT_FDCWD;
import static dev.berth.nativeio.OpenFlags.O_CLOEXEC;
import static dev.berth.nativeio.OpenFlags.O_DIRECTORY;
import static dev.berth.nativeio.OpenFlags.O_PATH;

import dev.berth.nativeio.ErrnoException;
import dev.berth.nativeio.FdCalls;
import dev.berth.nativeio.FileStats;
import dev.berth.nativeio.PathCalls;
import dev.berth.virtiofs.internal.vhost.Chain;
import dev.berth.virtiofs.internal.vhost.RequestHandler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.function.LongSupplier;

/**
 * Serves one host folder over FUSE as the host user: files the guest creates belong to this user whatever uid
 * created them, this user's files appear as the caller's own, and nothing outside the folder can be reached.
 */
public final class FuseServer implements RequestHandler {
    /** The largest WRITE the guest may send, and READ it may ask for. */
    static final int MAX_WRITE = 1 << 20;
    private static final int WANTED = Fuse.ASYNC_READ | Fuse.ATOMIC_O_TRUNC | Fuse.BIG_WRITES | Fuse.DONT_MASK
            | Fuse.AUTO_INVAL_DATA | Fuse.ASYNC_DIO | Fuse.PARALLEL_DIROPS | Fuse.MAX_PAGES | Fuse.DO_READDIRPLUS
            | Fuse.READDIRPLUS_AUTO;

    private final Share share;
    private final NodeOps nodes;
    private final FileOps files;
    private final DirOps dirs;
    private final Replays replays;
    private final RequestStats stats;

    /**
     * Opens {@code sharedDir} (following links in its own path, which is the host's choice).
     *
     * @throws UncheckedIOException when the folder cannot be opened
     */
    public FuseServer(Path sharedDir, boolean readOnly) {
        this(sharedDir, readOnly, null, System::nanoTime);
    }

    /**
     * As above, reporting the host paths the guest changes to the daemon listening on {@code changes} (see
     * {@link ChangeReports}); null reports nothing.
     */
    public FuseServer(Path sharedDir, boolean readOnly, Path changes) {
        this(sharedDir, readOnly, changes, System::nanoTime, RequestStats.fromEnvironment());
    }

    /** As above, with the monotonic clock (nanoseconds) that times announcements out. */
    FuseServer(Path sharedDir, boolean readOnly, Path changes, LongSupplier clock) {
        this(sharedDir, readOnly, changes, clock, null);
    }

    private FuseServer(Path sharedDir, boolean readOnly, Path changes, LongSupplier clock, RequestStats stats) {
        this.stats = stats;
        try {
            int fd = PathCalls.openat(AT_FDCWD, sharedDir.toAbsolutePath().toString(),
                    O_PATH | O_DIRECTORY | O_CLOEXEC, 0);
            share = new Share(fd, FileStats.statx(fd, "", AT_EMPTY_PATH), FdCalls.geteuid(), readOnly,
                    new ChangeReports(changes));
        } catch (ErrnoException e) {
            throw new UncheckedIOException(new IOException("cannot open the shared folder " + sharedDir + ": "
                    + e.getMessage()));
        }
        replays = new Replays(share, new Announcements(clock));
        nodes = new NodeOps(share, replays);
        files = new FileOps(share);
        dirs = new DirOps(share);
    }

    @Override
    public int serve(int queue, Chain chain) {
        if (stats == null) return serveRequest(chain);
        long start = System.nanoTime();
        int written = serveRequest(chain);
        stats.record(chain.readable().isEmpty() || chain.readable().getFirst().byteSize() < 8 ? 0
                : chain.readable().getFirst().get(java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED, 4), start);
        return written;
    }

    private int serveRequest(Chain chain) {
        Request request;
        try {
            request = Request.parse(chain);
        } catch (Request.Malformed e) {
            return Reply.error(chain, e.unique, Fuse.EINVAL);
        } catch (RuntimeException e) {
            return Reply.error(chain, 0, Fuse.EIO);
        }
        try {
            return dispatch(request);
        } catch (FuseError e) {
            return reply(request, e.errno);
        } catch (ErrnoException e) {
            return reply(request, e.errno());
        } catch (RuntimeException | StackOverflowError e) {
            return reply(request, Fuse.EIO);
        }
    }

    /** An error reply, except to the requests that never get one. */
    private static int reply(Request r, int errno) {
        return noReply(r.opcode) ? 0 : Reply.error(r.chain, r.unique, errno);
    }

    private static boolean noReply(int opcode) {
        return opcode == Fuse.FORGET || opcode == Fuse.BATCH_FORGET || opcode == Fuse.INTERRUPT;
    }

    private int dispatch(Request r) throws ErrnoException {
        return switch (r.opcode) {
            case Fuse.INIT -> init(r);
            case Fuse.DESTROY -> destroy(r);
            case Fuse.FORGET -> forget(r);
            case Fuse.BATCH_FORGET -> batchForget(r);
            case Fuse.INTERRUPT -> 0;
            case Fuse.LOOKUP -> or(replays.lookup(r), r);
            case Fuse.GETATTR -> nodes.getattr(r);
            case Fuse.SETATTR -> nodes.setattr(r);
            case Fuse.READLINK -> nodes.readlink(r);
            case Fuse.SYMLINK -> nodes.symlink(r);
            case Fuse.MKNOD -> nodes.mknod(r);
            case Fuse.MKDIR -> or(replays.mkdir(r), r);
            case Fuse.UNLINK -> or(replays.unlink(r, false), r);
            case Fuse.RMDIR -> or(replays.unlink(r, true), r);
            case Fuse.RENAME -> or(replays.rename(r, false), r);
            case Fuse.RENAME2 -> or(replays.rename(r, true), r);
            case Fuse.LINK -> nodes.link(r);
            case Fuse.ACCESS -> nodes.access(r);
            case Fuse.OPEN -> files.open(r);
            case Fuse.CREATE -> or(replays.create(r), r);
            case Fuse.READ -> files.read(r);
            case Fuse.WRITE -> files.write(r);
            // there is nothing to flush (no write-back cache, no locks): ENOSYS has the guest stop sending FLUSH at
            // each close, two round trips fewer per file a shell's "echo x > f" writes
            case Fuse.FLUSH -> Reply.error(r.chain, r.unique, Fuse.ENOSYS);
            case Fuse.RELEASE, Fuse.RELEASEDIR -> files.release(r);
            case Fuse.FSYNC, Fuse.FSYNCDIR -> files.fsync(r);
            case Fuse.FALLOCATE -> files.fallocate(r);
            case Fuse.LSEEK -> files.lseek(r);
            case Fuse.STATFS -> files.statfs(r);
            case Fuse.OPENDIR -> files.opendir(r);
            case Fuse.READDIR -> dirs.readdir(r, false);
            case Fuse.READDIRPLUS -> dirs.readdir(r, true);
            // extended attributes are not offered: ENOSYS makes the guest answer EOPNOTSUPP without asking again
            default -> Reply.error(r.chain, r.unique, Fuse.ENOSYS);
        };
    }

    /** The reply of an announced replay, or else the request served as usual. */
    private int or(int replayed, Request r) throws ErrnoException {
        if (replayed != Replays.NOT_ANNOUNCED) return replayed;
        return switch (r.opcode) {
            case Fuse.LOOKUP -> nodes.lookup(r);
            case Fuse.MKDIR -> nodes.mkdir(r);
            case Fuse.UNLINK -> nodes.unlink(r, false);
            case Fuse.RMDIR -> nodes.unlink(r, true);
            case Fuse.RENAME -> nodes.rename(r, false);
            case Fuse.RENAME2 -> nodes.rename(r, true);
            case Fuse.CREATE -> files.create(r);
            default -> throw new IllegalStateException("no replay for opcode " + r.opcode);
        };
    }

    private int init(Request r) {
        int major = r.u32(0);
        int minor = r.u32(4);
        if (major != Fuse.MAJOR) return Reply.error(r.chain, r.unique, Fuse.EPROTO);
        int maxReadahead = r.u32(8);
        int flags = r.u32(12) & WANTED;
        ByteBuffer body = Reply.body(64);
        body.putInt(Fuse.MAJOR).putInt(Math.min(minor, Fuse.MINOR)).putInt(maxReadahead).putInt(flags);
        body.putShort((short) 64).putShort((short) 48).putInt(MAX_WRITE).putInt(1);
        body.putShort((short) (MAX_WRITE / 4096)).putShort((short) 0);
        body.position(64);
        return Reply.ok(r.chain, r.unique, body);
    }

    private int destroy(Request r) {
        share.handles.closeAll();
        share.inodes.clear();
        return Reply.ok(r.chain, r.unique, Reply.body(0));
    }

    private int forget(Request r) {
        share.inodes.forget(r.nodeid, r.u64(0));
        return 0;
    }

    private int batchForget(Request r) {
        int count = r.u32(0);
        for (int i = 0; i < count; i++) share.inodes.forget(r.u64(8 + 16 * i), r.u64(16 + 16 * i));
        return 0;
    }

    /** Closes every descriptor the server holds, the shared folder's own included; it serves nothing afterwards. */
    void close() {
        share.handles.closeAll();
        share.inodes.clear();
        PathCalls.close(share.inodes.root().fd);
    }

    /** How many nodes and open handles the server holds (for tests and diagnostics). */
    int[] counts() {
        return new int[] {share.inodes.size(), share.handles.size()};
    }
}
