package dev.berth.extensions.internal.desktop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine's answers as an install reads them: HTTP with chunks, tar archives, and the ids made of image names. */
class ArchiveTest {
    @TempDir
    Path dir;

    static byte[] entry(String name, char type, int mode, String linkTarget, byte[] data) {
        byte[] h = new byte[512];
        put(h, 0, name);
        put(h, 100, String.format("%07o", mode));
        put(h, 124, String.format("%011o", data.length));
        h[156] = (byte) type;
        put(h, 157, linkTarget);
        put(h, 257, "ustar");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(h);
        out.writeBytes(data);
        out.writeBytes(new byte[(512 - data.length % 512) % 512]);
        return out.toByteArray();
    }

    private static void put(byte[] h, int at, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(b, 0, h, at, b.length);
    }

    static byte[] tar(byte[]... entries) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] e : entries) out.writeBytes(e);
        out.writeBytes(new byte[1024]);
        return out.toByteArray();
    }

    @Test
    void aFolderIsWrittenWithoutItsOwnNameAndWithoutLinks() throws Exception {
        byte[] page = "<h1>hi</h1>".getBytes(StandardCharsets.UTF_8);
        byte[] tar = tar(entry("ui/", '5', 0755, "", new byte[0]), entry("ui/index.html", '0', 0644, "", page),
                entry("ui/js/", '5', 0755, "", new byte[0]), entry("ui/js/app.js", '0', 0755, "", "x()".getBytes()),
                entry("ui/passwd", '2', 0777, "/etc/passwd", new byte[0]), entry("ui/../../evil", '0', 0644, "", page));
        ImageFiles.extract(tar, dir.resolve("ui"), true);
        assertArrayEquals(page, Files.readAllBytes(dir.resolve("ui/index.html")));
        assertTrue(Files.isExecutable(dir.resolve("ui/js/app.js")));
        assertFalse(Files.exists(dir.resolve("ui/passwd"), java.nio.file.LinkOption.NOFOLLOW_LINKS));
        assertFalse(Files.exists(dir.resolve("evil")));
        assertFalse(Files.exists(dir.getParent().resolve("evil")));
    }

    @Test
    void longNamesAreRead() throws Exception {
        String longName = "ui/" + "a".repeat(150) + ".html";
        byte[] name = (longName + "\0").getBytes(StandardCharsets.UTF_8);
        List<Tar.Entry> entries = Tar.read(tar(entry("././@LongLink", 'L', 0, "", name),
                entry(longName.substring(0, 99), '0', 0644, "", "x".getBytes())));
        assertEquals(longName, entries.getFirst().name());
    }

    @Test
    void aChunkedAnswerIsJoined() throws Exception {
        byte[] raw = ("HTTP/1.1 200 OK\r\nContent-Type: application/x-tar\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5\r\nhello\r\n6;x=y\r\n world\r\n0\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
        EngineHttp.Response r = EngineHttp.read(new java.io.ByteArrayInputStream(raw), "GET");
        assertEquals(200, r.status());
        assertEquals("hello world", r.text());
    }

    /** A proxy may keep the connection open after an answer: it ends where its length or its chunks say. */
    @Test
    void anAnswerEndsWhereItSaysWithoutWaitingForTheConnectionToClose() throws Exception {
        java.io.InputStream neverEnds = new java.io.SequenceInputStream(new java.io.ByteArrayInputStream(
                "HTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\n{}".getBytes(StandardCharsets.ISO_8859_1)),
                new java.io.InputStream() {
                    @Override
                    public int read() {
                        throw new AssertionError("read past the answer");
                    }
                });
        assertEquals("{}", EngineHttp.read(neverEnds, "POST").text());
        assertEquals(0, EngineHttp.read(new java.io.ByteArrayInputStream("HTTP/1.1 204 No Content\r\n\r\n".getBytes()),
                "POST").body().length);
        assertEquals("abc", EngineHttp.read(new java.io.ByteArrayInputStream(
                "HTTP/1.0 200 OK\r\n\r\nabc".getBytes()), "GET").text());
    }

    @Test
    void anIdIsTheRepositoryInLowerCaseWithDashes() {
        assertEquals("example-hello", Store.id("example/hello:1.0"));
        assertEquals("localhost-5000-acme-my-ext", Store.id("localhost:5000/Acme/my_ext@sha256:abcd"));
        assertEquals("hello", Store.id("hello"));
        assertThrows(IllegalArgumentException.class, () -> Engine.checkImage("x/../../containers/json?"));
        assertEquals("bx-", VmService.volume("example-hello").substring(0, 3));
        assertEquals(11, VmService.volume("example-hello").length());
    }
}
