package dev.berth.virtiofs.internal.fuse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.berth.nativeio.ErrnoException;
import dev.berth.nativeio.FdCalls;
import dev.berth.nativeio.Inotify;
import dev.berth.nativeio.Mounts;
import dev.berth.nativeio.OpenFlags;
import dev.berth.nativeio.PathCalls;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The guest agent's replay functions (from the guest's fsevents.sh, run by busybox) against the server mounted
 * through the host's /dev/fuse, watched with inotify on the mount: each host change becomes the event a local
 * change gives, and the host folder stays as the host left it. Only as root, with busybox and the script at hand.
 */
class ReplayKernelTest {
    private static final Path SCRIPT = Path.of("../filesharing/src/main/resources/dev/berth/filesharing/guest/fsevents.sh");
    private static final Path BUSYBOX = Path.of("/bin/busybox");

    @TempDir
    Path share;
    @TempDir
    Path mnt;

    @Test
    void hostChangesBecomeTheGuestsOwnEvents() throws Exception {
        assumeTrue(FdCalls.geteuid() == 0, "mounting needs root");
        assumeTrue(Files.exists(Path.of("/dev/fuse")) && Files.isExecutable(BUSYBOX) && Files.exists(SCRIPT));
        String script = Files.readString(SCRIPT);
        String functions = script.substring(script.indexOf("announce() {"), script.indexOf("while :; do\n  set --"));
        int dev = PathCalls.openat(OpenFlags.AT_FDCWD, "/dev/fuse", OpenFlags.O_RDWR | OpenFlags.O_CLOEXEC, 0);
        try {
            Mounts.mount("berth-test", mnt.toString(), "fuse.berth", 0,
                    "fd=" + dev + ",rootmode=40000,user_id=0,group_id=0,allow_other");
        } catch (ErrnoException e) {
            PathCalls.close(dev);
            assumeTrue(false, "mount not allowed here: " + e.getMessage());
        }
        FuseServer server = new FuseServer(share, false);
        Thread loop = Thread.ofPlatform().daemon().start(() -> KernelMountTest.serve(server, dev));
        try (Inotify in = Inotify.open()) {
            Files.createDirectory(share.resolve("sub"));
            int root = in.addWatch(mnt.toString(), Inotify.FOLDER_EVENTS);
            int sub = in.addWatch(mnt.resolve("sub").toString(), Inotify.FOLDER_EVENTS);

            Files.writeString(share.resolve("new.txt"), "made on the host\n");
            replay(functions, "c " + mnt.resolve("new.txt"));
            assertEquals(List.of(root + " CREATE new.txt", root + " CLOSE_WRITE new.txt"),
                    names(events(in, 2)));

            Files.move(share.resolve("new.txt"), share.resolve("sub/moved.txt"));
            replay(functions, "m " + mnt.resolve("new.txt") + " " + mnt.resolve("sub/moved.txt"));
            List<Inotify.Event> move = events(in, 2);
            assertEquals(List.of(root + " MOVED_FROM new.txt", sub + " MOVED_TO moved.txt"), names(move));
            assertNotEquals(0, move.get(0).cookie());
            assertEquals(move.get(0).cookie(), move.get(1).cookie());
            assertEquals("made on the host\n", Files.readString(share.resolve("sub/moved.txt")));

            Files.writeString(share.resolve("sub/moved.txt"), "more\n", java.nio.file.StandardOpenOption.APPEND);
            replay(functions, "t " + mnt.resolve("sub/moved.txt") + " 1");
            List<String> modify = names(events(in, 3));
            assertTrue(modify.contains(sub + " MODIFY moved.txt"), modify.toString());
            assertEquals("made on the host\nmore\n", Files.readString(share.resolve("sub/moved.txt")),
                    "the announced truncate changed nothing");

            Files.delete(share.resolve("sub/moved.txt"));
            replay(functions, "d " + mnt.resolve("sub/moved.txt"));
            assertEquals(List.of(sub + " DELETE moved.txt"), names(events(in, 1)));

            Files.createDirectory(share.resolve("dir"));
            replay(functions, "C " + mnt.resolve("dir"));
            Files.delete(share.resolve("dir"));
            replay(functions, "D " + mnt.resolve("dir"));
            assertEquals(List.of(root + " CREATE dir/", root + " DELETE dir/"), names(events(in, 2)));
            assertFalse(Files.exists(share.resolve("dir")));
        } finally {
            Mounts.umount2(mnt.toString(), Mounts.MNT_DETACH);
            loop.join(TimeUnit.SECONDS.toMillis(10));
            PathCalls.close(dev);
        }
    }

    /** Runs the script's replay for one change: "OP PATH [MORE]". */
    private static void replay(String functions, String change) throws Exception {
        Process p = new ProcessBuilder(BUSYBOX.toString(), "sh", "-c", functions + "\nreplay " + change)
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals("", out);
    }

    private static List<Inotify.Event> events(Inotify in, int count) throws ErrnoException {
        List<Inotify.Event> all = new ArrayList<>();
        for (int i = 0; i < 50 && all.size() < count; i++) all.addAll(in.read(100));
        all.addAll(in.read(50));
        all.removeIf(e -> e.is(0x20 | 0x10));   // IN_OPEN of folders and IN_CLOSE_NOWRITE: not asserted on
        return all;
    }

    private static List<String> names(List<Inotify.Event> events) {
        List<String> out = new ArrayList<>();
        for (Inotify.Event e : events) {
            String kind = e.is(Inotify.IN_CREATE) ? "CREATE" : e.is(Inotify.IN_DELETE) ? "DELETE"
                    : e.is(Inotify.IN_MOVED_FROM) ? "MOVED_FROM" : e.is(Inotify.IN_MOVED_TO) ? "MOVED_TO"
                    : e.is(Inotify.IN_MODIFY) ? "MODIFY" : e.is(Inotify.IN_CLOSE_WRITE) ? "CLOSE_WRITE"
                    : e.is(0x20) ? "OPEN" : e.is(Inotify.IN_ATTRIB) ? "ATTRIB" : Integer.toHexString(e.mask());
            out.add(e.wd() + " " + kind + " " + e.name() + (e.is(Inotify.IN_ISDIR) ? "/" : ""));
        }
        return out;
    }
}
