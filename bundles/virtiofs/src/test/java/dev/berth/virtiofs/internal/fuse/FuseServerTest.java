package dev.berth.virtiofs.internal.fuse;

import static dev.berth.virtiofs.internal.fuse.FuseClient.nodeid;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.berth.nativeio.FdCalls;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.HashMap;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The FUSE server against a real folder, with requests built as the guest kernel builds them. */
class FuseServerTest extends ServedFolder {
    private static final int EEXIST = 17;

    @Test
    void initNegotiatesTheMinorAndLargeWrites() {
        FuseClient.Answer a = fuse.init();
        ByteBuffer b = a.body();
        assertEquals(64, b.limit());
        assertEquals(7, b.getInt(0));
        assertEquals(31, b.getInt(4));
        assertEquals(131072, b.getInt(8));
        assertTrue((b.getInt(12) & Fuse.MAX_PAGES) != 0);
        assertEquals(3 << 13, b.getInt(12) & (3 << 13), "READDIRPLUS, adaptive");
        assertEquals(1 << 20, b.getInt(20));
        assertEquals(256, b.getShort(28));
    }

    @Test
    void flushIsNotImplementedSoThatTheGuestStopsSendingIt() {
        FuseClient.Answer created = fuse.create(1, "f", O_RDWR, 0644, 022);
        long fh = created.body().getLong(Fuse.ENTRY_OUT);
        ByteBuffer in = FuseClient.args(24);
        in.putLong(fh);
        assertEquals(-Fuse.ENOSYS, fuse.call(Fuse.FLUSH, nodeid(created), in.array(), 16).error());
        assertEquals(0, fuse.release(Fuse.RELEASE, nodeid(created), fh).error(), "the handle is still open");
    }

    @Test
    void theServersFilesAppearAsTheCallersAndOthersAsNobodys() throws Exception {
        Files.writeString(share.resolve("mine"), "x");
        fuse.uid = 1234;
        fuse.gid = 4321;
        FuseClient.Answer mine = fuse.lookup(1, "mine");
        assertEquals(1234, FuseClient.entryAttrInt(mine, 68));
        assertEquals(4321, FuseClient.entryAttrInt(mine, 72));
        ByteBuffer attr = fuse.getattr(nodeid(mine)).body();
        assertEquals(1234, attr.getInt(16 + 68));
        assertEquals(1, attr.getLong(16 + 8), "size");
        assumeTrue(FdCalls.geteuid() == 0, "giving a file to another user needs root");
        Path other = Files.writeString(share.resolve("other"), "y");
        Files.setAttribute(other, "unix:uid", 777);
        FuseClient.Answer theirs = fuse.lookup(1, "other");
        assertEquals(Attrs.NOBODY, FuseClient.entryAttrInt(theirs, 68));
        assertEquals(Attrs.NOBODY, FuseClient.entryAttrInt(theirs, 72));
    }

    @Test
    void rootSeesTheOwnerANonRootCallerLastSawSoTheGuestsCacheStaysUsable() throws Exception {
        Files.writeString(share.resolve("used"), "x");
        Files.writeString(share.resolve("fresh"), "y");
        fuse.uid = 1000;
        fuse.gid = 1000;
        long used = nodeid(fuse.lookup(1, "used"));
        fuse.uid = 0;
        fuse.gid = 0;
        assertEquals(1000, fuse.getattr(used).body().getInt(16 + 68), "root's answer keeps uid 1000's view");
        assertEquals(0, FuseClient.entryAttrInt(fuse.lookup(1, "fresh"), 68), "a file no one else used is root's");
        fuse.uid = 33;
        fuse.gid = 33;
        assertEquals(33, fuse.getattr(used).body().getInt(16 + 68), "another user sees it as its own");
    }

    @Test
    void createWriteReadRoundTripAcrossBuffers() throws Exception {
        FuseClient.Answer created = fuse.create(1, "data.bin", O_RDWR, 0100644, 022);
        assertEquals(0, created.error());
        long node = nodeid(created);
        long fh = created.body().getLong(Fuse.ENTRY_OUT);
        byte[] data = new byte[200_000];
        new Random(7).nextBytes(data);
        // the header, the write header plus a little data, then the data in uneven pieces
        FuseClient.Answer w = fuse.write(node, fh, 0, data, 40, 100, 70_000, 150_001);
        assertEquals(0, w.error());
        assertEquals(data.length, w.body().getInt(0));
        assertArrayEquals(data, Files.readAllBytes(share.resolve("data.bin")));
        FuseClient.Answer r = fuse.read(node, fh, 0, data.length + 10, 16, 99_999, 50_000, 60_000);
        assertEquals(0, r.error());
        byte[] back = new byte[r.body().remaining()];
        r.body().get(back);
        assertArrayEquals(data, back);
        FuseClient.Answer tail = fuse.read(node, fh, 199_990, 4096, 20, 4096);
        assertEquals(10, tail.body().remaining());
        assertEquals(0, fuse.release(Fuse.RELEASE, node, fh).error());
        assertEquals(-Fuse.EBADF, fuse.read(node, fh, 0, 10, 4096).error());
    }

    @Test
    void readdirplusGivesEachEntryItsNodeAndAttributesAsALookupWould() throws Exception {
        long d = nodeid(fuse.mkdir(1, "d", 040755, 022));
        for (int i = 0; i < 200; i++) Files.writeString(share.resolve("d/entry-" + i), "x".repeat(i));
        long fh = fuse.call(Fuse.OPENDIR, d, new byte[8], 16 + 16).body().getLong(0);
        Map<String, Long> nodes = new HashMap<>();
        long offset = 0;
        while (true) {
            ByteBuffer in = FuseClient.args(40);
            in.putLong(fh).putLong(offset).putInt(4096);
            FuseClient.Answer a = fuse.call(Fuse.READDIRPLUS, d, in.array(), 16 + 4096);
            assertEquals(0, a.error());
            ByteBuffer b = a.body();
            if (!b.hasRemaining()) break;
            while (b.hasRemaining()) {
                int start = b.position();
                long node = b.getLong(start);
                long size = b.getLong(start + 40 + 8);
                b.position(start + Fuse.ENTRY_OUT);
                b.getLong();
                offset = b.getLong();
                int length = b.getInt();
                b.getInt();
                byte[] name = new byte[length];
                b.get(name);
                String n = new String(name, StandardCharsets.UTF_8);
                if (n.startsWith("entry-")) assertEquals(Long.parseLong(n.substring(6)), size, n);
                nodes.put(n, node);
                b.position(start + Fuse.ENTRY_OUT + ((24 + length + 7) & ~7));
            }
        }
        assertEquals(202, nodes.size(), "every entry once, with . and ..");
        assertEquals(0, nodes.get("."), "no node for .");
        assertEquals(0, nodes.get(".."), "no node for ..");
        long node = nodes.get("entry-7");
        assertTrue(node > 1);
        assertEquals(node, nodeid(fuse.lookup(d, "entry-7")), "the node a lookup finds");
        assertEquals(0, fuse.release(Fuse.RELEASEDIR, d, fh).error());
    }

    @Test
    void mkdirAndReaddirListTheFolder() throws Exception {
        FuseClient.Answer dir = fuse.mkdir(1, "d", 040777, 022);
        assertEquals(0, dir.error());
        assertEquals(040755, FuseClient.entryAttrInt(dir, 60));
        assertTrue(Files.isDirectory(share.resolve("d")));
        long d = nodeid(dir);
        for (int i = 0; i < 300; i++) Files.writeString(share.resolve("d/file-with-a-longish-name-" + i), "");
        long fh = fuse.call(Fuse.OPENDIR, d, new byte[8], 16 + 16).body().getLong(0);
        List<String> names = new ArrayList<>();
        long offset = 0;
        while (true) {
            ByteBuffer in = FuseClient.args(40);
            in.putLong(fh).putLong(offset).putInt(4096);
            FuseClient.Answer a = fuse.call(Fuse.READDIR, d, in.array(), 16 + 4096);
            assertEquals(0, a.error());
            ByteBuffer b = a.body();
            if (!b.hasRemaining()) break;
            while (b.hasRemaining()) {
                int start = b.position();
                b.getLong();
                offset = b.getLong();
                int length = b.getInt();
                b.getInt();
                byte[] name = new byte[length];
                b.get(name);
                names.add(new String(name, StandardCharsets.UTF_8));
                b.position(start + ((24 + length + 7) & ~7));
            }
        }
        assertEquals(302, names.size(), "every entry once, with . and ..: " + names.size());
        assertTrue(names.contains("file-with-a-longish-name-299"));
        assertEquals(0, fuse.release(Fuse.RELEASEDIR, d, fh).error());
    }

    @Test
    void renameAndRenameNoReplace() throws Exception {
        Files.writeString(share.resolve("a"), "A");
        Files.writeString(share.resolve("b"), "B");
        assertEquals(-EEXIST, fuse.rename2(1, "a", 1, "b", 1).error());
        assertEquals("B", Files.readString(share.resolve("b")));
        long sub = nodeid(fuse.mkdir(1, "sub", 0755, 0));
        assertEquals(0, fuse.rename2(1, "a", sub, "c", 1).error());
        assertEquals("A", Files.readString(share.resolve("sub/c")));
        ByteBuffer in = FuseClient.args(8);
        in.putLong(1);
        FuseClient.Answer plain = fuse.call(Fuse.RENAME, sub, FuseClient.concat(in, FuseClient.name("c", "b")), 16);
        assertEquals(0, plain.error());
        assertEquals("A", Files.readString(share.resolve("b")));
        assertEquals(-Fuse.EINVAL, fuse.rename2(1, "b", 1, "../escaped", 0).error());
    }

    @Test
    void unlinkAndRmdir() throws Exception {
        Files.createDirectories(share.resolve("d"));
        Files.writeString(share.resolve("d/f"), "");
        long d = nodeid(fuse.lookup(1, "d"));
        assertEquals(-39, fuse.unlink(Fuse.RMDIR, 1, "d").error(), "ENOTEMPTY");
        assertEquals(0, fuse.unlink(Fuse.UNLINK, d, "f").error());
        assertEquals(0, fuse.unlink(Fuse.RMDIR, 1, "d").error());
        assertFalse(Files.exists(share.resolve("d")));
        assertEquals(-Fuse.ENOENT, fuse.lookup(1, "d").error());
    }

    @Test
    void forgetsGetNoReplyAndReleaseTheNode() throws Exception {
        Files.writeString(share.resolve("f"), "");
        long node = nodeid(fuse.lookup(1, "f"));
        assertEquals(node, nodeid(fuse.lookup(1, "f")), "one node per file");
        ByteBuffer in = FuseClient.args(8);
        in.putLong(1);
        assertEquals(0, fuse.call(0, Fuse.FORGET, node, in.array(), new int[] {16}).written());
        assertEquals(0, fuse.getattr(node).error(), "one lookup is left");
        ByteBuffer batch = FuseClient.args(24);
        batch.putInt(1).putInt(0).putLong(node).putLong(1);
        assertEquals(0, fuse.call(0, Fuse.BATCH_FORGET, 0, batch.array(), new int[] {16}).written());
        assertEquals(-Fuse.ENOENT, fuse.getattr(node).error());
    }
}
