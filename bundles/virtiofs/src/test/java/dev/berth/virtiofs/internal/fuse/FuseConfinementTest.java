package dev.berth.virtiofs.internal.fuse;

import static dev.berth.virtiofs.internal.fuse.FuseClient.nodeid;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What the FUSE server refuses or changes so that no guest request reaches beyond the share or plants a risk in it. */
class FuseConfinementTest extends ServedFolder {
    @Test
    void symlinksAreNeverFollowedOutOfTheShare() throws Exception {
        Files.createSymbolicLink(share.resolve("root"), Path.of("/"));
        FuseClient.Answer link = fuse.lookup(1, "root");
        assertEquals(0120000, FuseClient.entryAttrInt(link, 60) & 0170000, "the link itself");
        long node = nodeid(link);
        assertTrue(fuse.lookup(node, "etc").error() < 0, "no lookup through the link");
        assertTrue(fuse.open(node, 0).error() < 0, "no open through the link");
        assertEquals(-Fuse.EINVAL, fuse.lookup(1, "root/etc").error());
        assertEquals(1, nodeid(fuse.lookup(1, "..")), ".. of the root is the root");
        FuseClient.Answer target = fuse.call(Fuse.READLINK, node, new byte[0], 16 + 4096);
        assertEquals("/", StandardCharsets.UTF_8.decode(target.body()).toString());
        FuseClient.Answer sym = fuse.call(Fuse.SYMLINK, 1, FuseClient.name("up", "../.."), 16 + Fuse.ENTRY_OUT);
        assertEquals(0, sym.error());
        assertEquals(Path.of("../.."), Files.readSymbolicLink(share.resolve("up")));
        // creating through a dangling link must not create outside either
        Path outside = share.getParent().resolve("outside-" + System.nanoTime());
        Files.createSymbolicLink(share.resolve("dangling"), outside);
        assertTrue(fuse.create(1, "dangling", O_RDWR, 0100644, 0).error() < 0);
        assertFalse(Files.exists(outside, LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void setuidAndSetgidBitsAreStripped() throws Exception {
        FuseClient.Answer f = fuse.create(1, "suid", O_RDWR, 0106755, 0);
        assertEquals(0755, FuseClient.entryAttrInt(f, 60) & 07777);
        long node = nodeid(f);
        assertEquals(0, fuse.setattrMode(node, 04755).error());
        assertEquals(0755, fuse.getattr(node).body().getInt(16 + 60) & 07777);
        assertEquals(Set.of(PosixFilePermission.values()).size() - 2,
                Files.getPosixFilePermissions(share.resolve("suid")).size());
        assertEquals(02755 & 0755, FuseClient.entryAttrInt(fuse.mkdir(1, "sgid", 02755, 0), 60) & 07777);
    }

    @Test
    void deviceNodesAreRefusedFifosAllowed() {
        assertEquals(-Fuse.EPERM, fuse.mknod(1, "null", 020666, (1 << 8) | 3).error());
        assertEquals(-Fuse.EPERM, fuse.mknod(1, "disk", 060600, (8 << 8)).error());
        assertFalse(Files.exists(share.resolve("null"), LinkOption.NOFOLLOW_LINKS));
        FuseClient.Answer fifo = fuse.mknod(1, "pipe", 010644, 0);
        assertEquals(0, fifo.error());
        assertEquals(010644, FuseClient.entryAttrInt(fifo, 60));
    }

    @Test
    void chownSucceedsWithoutChangingTheHost() throws Exception {
        Path file = Files.writeString(share.resolve("f"), "");
        Object before = Files.getAttribute(file, "unix:uid");
        long node = nodeid(fuse.lookup(1, "f"));
        ByteBuffer in = FuseClient.args(88);
        in.putInt(Fuse.FATTR_UID | Fuse.FATTR_GID);
        in.putInt(76, 5).putInt(80, 5);
        FuseClient.Answer a = fuse.call(Fuse.SETATTR, node, in.array(), 16 + Fuse.ATTR_OUT);
        assertEquals(0, a.error());
        assertEquals(fuse.uid, a.body().getInt(16 + 68));
        assertEquals(before, Files.getAttribute(file, "unix:uid"));
    }

    @Test
    void readOnlyModeRefusesEveryChange() throws Exception {
        Files.writeString(share.resolve("f"), "data");
        FuseClient ro = new FuseClient(new FuseServer(share, true));
        ro.init();
        long node = nodeid(ro.lookup(1, "f"));
        assertEquals(-Fuse.EROFS, ro.create(1, "new", O_RDWR, 0100644, 0).error());
        assertEquals(-Fuse.EROFS, ro.mkdir(1, "d", 0755, 0).error());
        assertEquals(-Fuse.EROFS, ro.open(node, O_RDWR).error());
        assertEquals(-Fuse.EROFS, ro.unlink(Fuse.UNLINK, 1, "f").error());
        assertEquals(-Fuse.EROFS, ro.setattrMode(node, 0600).error());
        assertEquals(-Fuse.EROFS, ro.rename2(1, "f", 1, "g", 0).error());
        FuseClient.Answer open = ro.open(node, 0);
        assertEquals(0, open.error());
        long fh = open.body().getLong(0);
        assertEquals(-Fuse.EROFS, ro.write(node, fh, 0, new byte[] {1}).error());
        assertEquals("data", new String(ro.read(node, fh, 0, 100, 4096).body().array(), 16, 4,
                StandardCharsets.US_ASCII));
        assertEquals("data", Files.readString(share.resolve("f")));
    }

    @Test
    void malformedRequestsGetErrorReplies() {
        // shorter than its header
        assertEquals(-Fuse.EINVAL, fuse.raw(new byte[10], 64).error());
        // a length beyond the buffers
        ByteBuffer lying = FuseClient.args(48);
        lying.putInt(4000).putInt(Fuse.LOOKUP).putLong(9).putLong(1);
        assertEquals(-Fuse.EINVAL, fuse.raw(lying.array(), 64).error());
        // a name without its NUL, an unknown node and an unknown handle
        ByteBuffer noNul = FuseClient.args(3);
        noNul.put((byte) 'a').put((byte) 'b').put((byte) 'c');
        assertEquals(-Fuse.EINVAL, fuse.call(Fuse.LOOKUP, 1, noNul.array(), 200).error());
        assertEquals(-Fuse.ENOENT, fuse.getattr(999).error());
        assertEquals(-Fuse.EBADF, fuse.read(1, 12345, 0, 10, 100).error());
        // a WRITE claiming more data than it carries, truncated arguments, an unknown opcode
        ByteBuffer w = FuseClient.args(40);
        w.putLong(1).putLong(0).putInt(1 << 20);
        assertEquals(-Fuse.EINVAL, fuse.call(Fuse.WRITE, 1, w.array(), 24).error());
        assertEquals(-Fuse.EINVAL, fuse.call(Fuse.MKDIR, 1, new byte[2], 200).error());
        assertEquals(-Fuse.ENOSYS, fuse.call(9999, 1, new byte[0], 16).error());
        // no room for a reply at all: nothing written, nothing thrown
        assertEquals(0, fuse.call(Fuse.GETATTR, 1, new byte[16], 8).written());
    }

}
