package dev.berth.virtiofs.internal.fuse;

import static dev.berth.virtiofs.internal.fuse.FuseClient.nodeid;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.nativeio.FileStatus;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Announced replays: the guest's VFS sees its own operation succeed while the host folder stays as it is. */
class ReplaysTest {
    private static final int O_WRONLY = 1, O_CREAT = 0100, O_TRUNC = 01000, O_APPEND = 02000;
    private static final int ATTR_MODE = 40 + 60;
    private static final int EEXIST = 17, EBUSY = 16;
    private static final int AGENT = 77;

    @TempDir
    Path share;
    private final AtomicLong clock = new AtomicLong(1_000_000_000L);
    private FuseClient fuse;

    @BeforeEach
    void start() {
        fuse = new FuseClient(new FuseServer(share, false, null, clock::get));
        assertEquals(0, fuse.init().error());
    }

    private FuseClient.Answer as(int pid, java.util.function.Supplier<FuseClient.Answer> call) {
        int before = fuse.pid;
        fuse.pid = pid;
        try {
            return call.get();
        } finally {
            fuse.pid = before;
        }
    }

    private void announce(long folder, String op, String name) {
        // a truncate is answered as found once taken, so the agent replays it only where the server knows of it
        int expected = op.equals("truncate") ? 0 : -Fuse.ENOENT;
        assertEquals(expected, as(AGENT, () -> fuse.lookup(folder, ".berth-event." + op + "." + name)).error());
    }

    @Test
    void anAnnouncedCreateFindsNothingThenCreatesTheExistingFileUnchanged() throws Exception {
        Files.writeString(share.resolve("new.txt"), "host data");
        announce(1, "create", "new.txt");
        assertEquals(-Fuse.ENOENT, as(AGENT, () -> fuse.lookup(1, "new.txt")).error());
        assertEquals(0, fuse.lookup(1, "new.txt").error(), "another process sees the host's file");
        FuseClient.Answer created = as(AGENT,
                () -> fuse.create(1, "new.txt", O_WRONLY | O_CREAT | O_APPEND | O_TRUNC, 0100666, 022));
        assertEquals(0, created.error());
        assertEquals(FileStatus.S_IFREG, FuseClient.entryAttrInt(created, 60) & FileStatus.S_IFMT);
        assertEquals("host data", Files.readString(share.resolve("new.txt")));
        assertEquals(0, fuse.release(Fuse.RELEASE, nodeid(created), created.body().getLong(Fuse.ENTRY_OUT)).error());
        assertEquals(0, as(AGENT, () -> fuse.lookup(1, "new.txt")).error(), "the create used the announcement up");
    }

    @Test
    void anAnnouncedMkdirAnswersWithTheExistingFolder() throws Exception {
        Files.createDirectory(share.resolve("d"));
        assertEquals(-EEXIST, as(AGENT, () -> fuse.mkdir(1, "d", 040755, 0)).error());
        announce(1, "mkdir", "d");
        assertEquals(-Fuse.ENOENT, as(AGENT, () -> fuse.lookup(1, "d")).error());
        FuseClient.Answer made = as(AGENT, () -> fuse.mkdir(1, "d", 040700, 0));
        assertEquals(0, made.error());
        assertEquals(nodeid(fuse.lookup(1, "d")), nodeid(made));
    }

    @Test
    void anAnnouncedRemovalFindsAStandInAndLeavesTheHostAlone() throws Exception {
        assertEquals(-Fuse.ENOENT, as(AGENT, () -> fuse.unlink(Fuse.UNLINK, 1, "gone")).error());
        announce(1, "unlink", "gone");
        FuseClient.Answer ghost = as(AGENT, () -> fuse.lookup(1, "gone"));
        assertEquals(0, ghost.error());
        assertEquals(FileStatus.S_IFREG, FuseClient.entryAttrInt(ghost, 60) & FileStatus.S_IFMT);
        assertEquals(0, fuse.getattr(nodeid(ghost)).error());
        assertEquals(0, as(AGENT, () -> fuse.unlink(Fuse.UNLINK, 1, "gone")).error());
        fuse.call(Fuse.FORGET, nodeid(ghost), new byte[8], 0);

        announce(1, "rmdir", "dir");
        FuseClient.Answer dir = as(AGENT, () -> fuse.lookup(1, "dir"));
        assertEquals(FileStatus.S_IFDIR, FuseClient.entryAttrInt(dir, 60) & FileStatus.S_IFMT);
        assertEquals(0, as(AGENT, () -> fuse.unlink(Fuse.RMDIR, 1, "dir")).error());
    }

    @Test
    void aRemovalOfANameTheHostStillHasIsRefused() throws Exception {
        Files.writeString(share.resolve("kept"), "x");
        announce(1, "unlink", "kept");
        FuseClient.Answer real = as(AGENT, () -> fuse.lookup(1, "kept"));
        assertEquals(1, FuseClient.entryAttrInt(real, 8), "the real file, size 1");
        assertEquals(-EBUSY, as(AGENT, () -> fuse.unlink(Fuse.UNLINK, 1, "kept")).error());
        assertTrue(Files.exists(share.resolve("kept")));
    }

    @Test
    void anAnnouncedRenameLooksUpTheHostsNewPlaceAndMovesNothing() throws Exception {
        Files.createDirectory(share.resolve("to"));
        Files.writeString(share.resolve("to/b"), "moved on the host");
        long to = nodeid(fuse.lookup(1, "to"));
        long moved = nodeid(fuse.lookup(to, "b"));
        announce(1, "from", "a");
        announce(to, "to", "b");
        assertEquals(moved, nodeid(as(AGENT, () -> fuse.lookup(1, "a"))));
        assertEquals(-Fuse.ENOENT, as(AGENT, () -> fuse.lookup(to, "b")).error());
        assertEquals(0, as(AGENT, () -> fuse.rename2(1, "a", to, "b", 0)).error());
        assertEquals("moved on the host", Files.readString(share.resolve("to/b")));
        assertFalse(Files.exists(share.resolve("a")));
        // used up: the same rename now reaches the host, which has no "a"
        assertEquals(-Fuse.ENOENT, as(AGENT, () -> fuse.rename2(1, "a", to, "b", 0)).error());
    }

    @Test
    void aTruncateOfAMissingFileIsNotTaken() {
        assertEquals(-Fuse.ENOENT, as(AGENT, () -> fuse.lookup(1, ".berth-event.truncate.missing")).error());
    }

    @Test
    void anAnnouncedTruncateKeepsTheHostsSizeAndAnotherProcessIsNeverAffected() throws Exception {
        Files.writeString(share.resolve("f"), "hello");
        long f = nodeid(fuse.lookup(1, "f"));
        announce(1, "truncate", "f");
        assertEquals(0, setattrSize(f, 5).error(), "another process's truncate is its own");
        announce(1, "create", "f");
        assertEquals(0, fuse.lookup(1, "f").error(), "announced by another process");
        FuseClient.Answer kept = as(AGENT, () -> setattrSize(f, 5));
        assertEquals(0, kept.error());
        assertEquals(5, kept.body().getLong(16 + 8));
        assertEquals("hello", Files.readString(share.resolve("f")));
        assertEquals(0, as(AGENT, () -> setattrSize(f, 2)).error());
        assertEquals("he", Files.readString(share.resolve("f")), "not announced: truncated as asked");
    }

    @Test
    void anAnnouncementExpiresAfterItsWindow() throws Exception {
        Files.writeString(share.resolve("late"), "keep?");
        announce(1, "create", "late");
        clock.addAndGet(TimeUnit.SECONDS.toNanos(3));
        assertEquals(0, as(AGENT, () -> fuse.lookup(1, "late")).error());
        FuseClient.Answer created = as(AGENT, () -> fuse.create(1, "late", O_WRONLY | O_CREAT | O_TRUNC, 0100644, 0));
        assertEquals(0, created.error());
        assertEquals("", Files.readString(share.resolve("late")), "an ordinary create with O_TRUNC truncates");
        assertEquals(0100644, FuseClient.entryAttrInt(created, ATTR_MODE - 40) & 0177777);
    }

    @Test
    void magicNamesAreNeverCreatedOrFound() {
        assertEquals(-Fuse.ENOENT, fuse.lookup(1, ".berth-event.nonsense.x").error());
        assertEquals(-Fuse.ENOENT, fuse.lookup(1, ".berth-event.").error());
    }

    private FuseClient.Answer setattrSize(long node, long size) {
        ByteBuffer in = FuseClient.args(88);
        in.putInt(Fuse.FATTR_SIZE).putInt(0).putLong(0).putLong(size);
        in.position(88);
        return fuse.call(Fuse.SETATTR, node, in.array(), 16 + Fuse.ATTR_OUT);
    }
}
