package dev.berth.filesharing.internal;

import static dev.berth.filesharing.internal.Change.Kind.ATTRIB;
import static dev.berth.filesharing.internal.Change.Kind.CREATED;
import static dev.berth.filesharing.internal.Change.Kind.DELETED;
import static dev.berth.filesharing.internal.Change.Kind.MODIFIED;
import static dev.berth.filesharing.internal.Change.Kind.MOVED;
import static dev.berth.filesharing.internal.Change.Kind.RESCAN;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Host changes, planned and checked against the host, as the guest lines that replay them. */
class ChangeLinesTest {
    @TempDir
    Path tmp;

    private List<String> lines(List<Path> roots, Change... burst) {
        return new ChangeBatcher(FileState::of).lines(ChangePlan.of(List.of(burst)), roots, 0);
    }

    @Test
    void eachKindBecomesItsLine() throws Exception {
        Path root = tmp.toRealPath();
        Path made = Files.writeString(root.resolve("made.txt"), "12345");
        Path dir = Files.createDirectory(root.resolve("dir"));
        Path moved = Files.writeString(dir.resolve("to"), "");
        assertEquals(List.of(
                "c 0644 " + made,
                "C 0755 " + dir,
                "d " + root.resolve("gone"),
                "D " + root.resolve("gone-dir"),
                "m " + root.resolve("from") + "\t" + moved,
                "."), lines(List.of(root),
                Change.of(CREATED, made, false),
                Change.of(CREATED, dir, true),
                Change.of(DELETED, root.resolve("gone"), false),
                Change.of(DELETED, root.resolve("gone-dir"), true),
                new Change(MOVED, root.resolve("from"), moved, false)));
        assertEquals(List.of("w 0644 5 " + made, "a 0755 " + dir, "."),
                lines(List.of(root), Change.of(MODIFIED, made, false), Change.of(ATTRIB, dir, true)));
    }

    @Test
    void theHostAsItIsNowDecides() throws Exception {
        Path root = tmp.toRealPath();
        Path back = Files.writeString(root.resolve("back"), "");
        assertEquals(List.of(), lines(List.of(root), Change.of(CREATED, root.resolve("already-gone"), false),
                Change.of(DELETED, back, false)), "gone before the batch; deleted and made again");
        assertEquals(List.of("d " + root.resolve("a"), "."), lines(List.of(root),
                new Change(MOVED, root.resolve("a"), root.resolve("b-gone-too"), false)));
        Path out = Files.createDirectories(tmp.resolve("../" + tmp.getFileName() + "-out")).toRealPath();
        Path inside = Files.writeString(root.resolve("in"), "");
        assertEquals(List.of("c 0644 " + inside, "d " + root.resolve("left"), "."), lines(List.of(root),
                new Change(MOVED, out.resolve("x"), inside, false),
                new Change(MOVED, root.resolve("left"), out.resolve("y"), false)),
                "a move into the roots is a create, out of them a removal");
    }

    @Test
    void aBurstIsPlanned() throws Exception {
        Path root = tmp.toRealPath();
        Path file = Files.writeString(root.resolve("file"), "saved");
        Path tmpName = root.resolve(".file.swp");
        assertEquals(List.of("m " + tmpName + "\t" + file, "."), lines(List.of(root),
                Change.of(CREATED, tmpName, false), Change.of(MODIFIED, tmpName, false),
                new Change(MOVED, tmpName, file, false)), "an editor's save: only the rename is replayed");
        assertEquals(List.of(), lines(List.of(root), Change.of(CREATED, root.resolve("t"), false),
                Change.of(MODIFIED, root.resolve("t"), false), Change.of(DELETED, root.resolve("t"), false)));
        assertEquals(List.of("w 0644 5 " + file, "."), lines(List.of(root), Change.of(ATTRIB, file, false),
                Change.of(MODIFIED, file, false), Change.of(MODIFIED, file, false)));
    }

    @Test
    void echoesAndOverflowsKeepTheOldBehaviour() throws Exception {
        Path root = tmp.toRealPath();
        Path file = Files.writeString(root.resolve("f"), "x");
        ChangeBatcher b = new ChangeBatcher(FileState::of);
        assertEquals(List.of("c 0644 " + file, "."), b.lines(List.of(Change.of(CREATED, file, false)), List.of(root), 0));
        assertEquals(List.of(), b.lines(List.of(Change.of(MODIFIED, file, false)), List.of(root), 1),
                "the replay's own open and close come back unchanged");
        assertEquals(List.of(String.format("a %04o %s", 0755, root), "."),
                b.lines(List.of(Change.of(RESCAN, root, true)), List.of(root), 2).stream()
                        .map(l -> l.startsWith("a ") ? "a 0755 " + root : l).toList());
    }
}
