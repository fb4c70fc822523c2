package dev.berth.virtiofs.internal.fuse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.berth.nativeio.ErrnoException;
import dev.berth.nativeio.FdCalls;
import dev.berth.nativeio.Mounts;
import dev.berth.nativeio.OpenFlags;
import dev.berth.nativeio.PathCalls;
import dev.berth.virtiofs.internal.vhost.Chain;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server under the host's own FUSE driver (/dev/fuse), so that real tools exercise it; only as root, where
 * /dev/fuse exists and mounting is allowed.
 */
class KernelMountTest {
    private static final int ENODEV = 19;

    @TempDir
    Path share;
    @TempDir
    Path mountpoint;

    @Test
    void realToolsWorkOnTheMountedShare() throws Exception {
        assumeTrue(FdCalls.geteuid() == 0, "mounting needs root");
        assumeTrue(Files.exists(Path.of("/dev/fuse")), "no /dev/fuse");
        int dev = PathCalls.openat(OpenFlags.AT_FDCWD, "/dev/fuse", OpenFlags.O_RDWR | OpenFlags.O_CLOEXEC, 0);
        try {
            Mounts.mount("berth-test", mountpoint.toString(), "fuse.berth", 0,
                    "fd=" + dev + ",rootmode=40000,user_id=0,group_id=0,default_permissions,allow_other");
        } catch (ErrnoException e) {
            PathCalls.close(dev);
            assumeTrue(false, "mount not allowed here: " + e.getMessage());
        }
        FuseServer server = new FuseServer(share, false);
        Thread loop = Thread.ofPlatform().daemon().start(() -> serve(server, dev));
        try {
            Files.writeString(share.resolve("host.txt"), "from the host\n");
            String out = sh("cd " + mountpoint + " && mkdir -p a/b && echo hello > a/b/f && cp a/b/f a/g"
                    + " && mv a/g a/h && cat host.txt a/h && ls -ln a && find . | sort");
            assertTrue(out.contains("from the host\nhello\n"), out);
            assertTrue(out.contains("./a/b/f\n./a/h\n./host.txt"), out);
            assertEquals("hello\n", Files.readString(share.resolve("a/h")));
            assertEquals("", sh("cd " + mountpoint + " && rm -r a && ls"
                    + " | grep -v host.txt; true"));
            assertFalse(Files.exists(share.resolve("a")));
            assertTrue(sh("cd " + mountpoint + " && mknod c c 1 3 2>&1; true").contains("not permitted"));
        } finally {
            Mounts.umount2(mountpoint.toString(), Mounts.MNT_DETACH);
            loop.join(TimeUnit.SECONDS.toMillis(10));
            PathCalls.close(dev);
        }
    }

    /** Reads requests from the device and writes the server's replies until the file system is unmounted. */
    static void serve(FuseServer server, int dev) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment in = arena.allocate(FuseServer.MAX_WRITE + 65536, 4096);
            MemorySegment out = arena.allocate(FuseServer.MAX_WRITE + 65536, 4096);
            while (true) {
                long n;
                try {
                    n = FdCalls.read(dev, in);
                } catch (ErrnoException e) {
                    if (e.errno() == ENODEV) return;
                    continue;
                }
                int written = server.serve(1, new Chain(List.of(in.asSlice(0, n)), List.of(out)));
                if (written == 0) continue;
                try {
                    FdCalls.write(dev, out.asSlice(0, written));
                } catch (ErrnoException e) {
                    // the request was interrupted and is gone: nothing to do
                }
            }
        }
    }

    private static String sh(String script) throws Exception {
        Process p = new ProcessBuilder("sh", "-c", script).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        return out;
    }
}
