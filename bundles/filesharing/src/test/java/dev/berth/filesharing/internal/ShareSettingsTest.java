package dev.berth.filesharing.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.api.files.Share;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShareSettingsTest {
    @TempDir
    Path dir;

    private List<Path> paths(ShareSettings.Result r) {
        return r.shares().stream().map(Share::hostPath).toList();
    }

    @Test
    void expandsHomeAndResolvesSymlinks() throws Exception {
        Path home = Files.createDirectories(dir.resolve("home")).toRealPath();
        Path code = Files.createDirectories(dir.resolve("code")).toRealPath();
        Path link = Files.createSymbolicLink(dir.resolve("link"), code);
        ShareSettings.Result r = ShareSettings.parse(new String[] {"~", " " + link + " "}, home);
        assertEquals(List.of(home, code), paths(r));
        assertTrue(r.problems().isEmpty(), r.problems().toString());
        assertEquals(home.resolve("x"), paths(ShareSettings.parse(new String[] {"~/x"},
                Files.createDirectories(home.resolve("x")).getParent())).getFirst());
    }

    @Test
    void aReadOnlySuffixSharesTheFolderReadOnly() throws Exception {
        Path top = dir.toRealPath();
        Path a = Files.createDirectories(top.resolve("a"));
        Path b = Files.createDirectories(top.resolve("b"));
        ShareSettings.Result r = ShareSettings.parse(new String[] {a + ":ro", b.toString()}, top);
        assertEquals(List.of(true, false), r.shares().stream().map(Share::readOnly).toList());
        assertEquals(List.of(a, b), paths(r));
    }

    @Test
    void aFolderSharedReadOnlyInsideAWritableShareStaysAShareOfItsOwn() throws Exception {
        Path top = dir.toRealPath();
        Path ro = Files.createDirectories(top.resolve("ref"));
        Path rw = Files.createDirectories(top.resolve("ref/scratch"));
        ShareSettings.Result r = ShareSettings.parse(new String[] {rw.toString(), ro + ":ro", top.toString(),
                top.resolve("ref/x").toString()}, top);
        assertEquals(List.of(top, ro, rw), paths(r), "outer first; same-mode folders inside are dropped");
        assertEquals(ro, ShareSettings.innermost(r.shares(), ro.resolve("a/b")).hostPath());
        assertEquals(rw, ShareSettings.innermost(r.shares(), rw.resolve("c")).hostPath());
    }

    @Test
    void dropsDuplicatesAndFoldersInsideAnotherShare() throws Exception {
        Path top = dir.toRealPath();
        Path inner = Files.createDirectories(top.resolve("a/b"));
        ShareSettings.Result r = ShareSettings.parse(new String[] {inner.toString(), top + "/a/../a/b", top.toString(),
                inner.toString()}, top);
        assertEquals(List.of(top), paths(r));
    }

    @Test
    void namesEveryFolderItCannotShare() throws Exception {
        Path file = Files.writeString(dir.resolve("f"), "x");
        ShareSettings.Result r = ShareSettings.parse(new String[] {"relative/x", dir.resolve("missing").toString(),
                file.toString(), "/", "/var/lib", "/etc/ssl", "", dir.toString()}, dir);
        assertEquals(List.of(dir.toRealPath()), paths(r));
        assertEquals(6, r.problems().size(), r.problems().toString());
        assertTrue(r.problems().get(0).contains("not an absolute path"), r.problems().get(0));
        assertTrue(r.problems().get(1).contains("does not exist"), r.problems().get(1));
        assertTrue(r.problems().get(2).contains("is not a folder"), r.problems().get(2));
        assertTrue(r.problems().get(3).contains("would hide the whole guest system"), r.problems().get(3));
        assertTrue(r.problems().get(4).contains("would hide the guest's /var/lib/docker"), r.problems().get(4));
        assertTrue(r.problems().get(5).contains("lies in the guest's /etc"), r.problems().get(5));
    }

    @Test
    void tagsAreStableShortAndDifferPerFolder() {
        String tag = ShareSettings.tag(Path.of("/home/me"));
        assertEquals(tag, ShareSettings.tag(Path.of("/home/me")));
        assertTrue(tag.matches("berth-[0-9a-f]{16}"), tag);
        assertTrue(tag.length() <= 36);
        assertTrue(!tag.equals(ShareSettings.tag(Path.of("/home/me2"))));
    }
}
