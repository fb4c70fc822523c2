package dev.berth.filesharing.internal;

import dev.berth.filesharing.internal.Change.Kind;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Boils a burst of changes down, in order, to what the guest still has to replay: an entry created and removed
 * within the burst is left out, a created entry that was then renamed is only renamed (the host no longer has the
 * old name, so it could not be created in the guest), and a path's writes and attribute changes are replayed once.
 */
final class ChangePlan {
    private ChangePlan() {
    }

    static List<Change> of(List<Change> burst) {
        List<Change> out = new ArrayList<>();
        Set<Path> created = new HashSet<>();
        Set<Path> touched = new HashSet<>();
        for (Change c : burst) {
            switch (c.kind()) {
                case CREATED -> {
                    if (created.add(c.path())) out.add(c);
                }
                case DELETED -> {
                    if (created.remove(c.path())) drop(out, c.path());
                    else out.add(c);
                    touched.remove(c.path());
                }
                case MOVED -> {
                    if (created.remove(c.path())) drop(out, c.path());
                    touched.remove(c.path());
                    out.add(c);
                }
                case MODIFIED -> {
                    if (touched.add(c.path())) out.add(c);
                    else upgrade(out, c.path());
                }
                case ATTRIB -> {
                    if (touched.add(c.path())) out.add(c);
                }
                case RESCAN -> out.add(c);
            }
        }
        return out;
    }

    /** Forgets the earlier changes of a path that is gone again. */
    private static void drop(List<Change> out, Path path) {
        out.removeIf(c -> c.kind() != Kind.MOVED && c.kind() != Kind.RESCAN && c.path().equals(path));
    }

    /** A path first seen with an attribute change and then written is replayed as written. */
    private static void upgrade(List<Change> out, Path path) {
        for (int i = 0; i < out.size(); i++) {
            Change c = out.get(i);
            if (c.kind() == Kind.ATTRIB && c.path().equals(path)) out.set(i, Change.of(Kind.MODIFIED, path, c.directory()));
        }
    }
}
