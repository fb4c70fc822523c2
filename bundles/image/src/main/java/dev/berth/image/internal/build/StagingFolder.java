package dev.berth.image.internal.build;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/** A staging folder in which guest paths are looked up as the guest will see them, without ever leaving the folder. */
final class StagingFolder {
    private static final int MAX_SYMLINK_HOPS = 40;

    private final Path root;

    StagingFolder(Path folder) throws IOException {
        this.root = folder.toRealPath();
    }

    /** The guest path of a place found by {@link #resolve}, such as {@code /usr/bin/su}; {@code /} for the root. */
    String guestPath(Path place) {
        return "/" + root.relativize(place);
    }

    /** Whether {@code place} is the staging folder itself. */
    boolean isRoot(Path place) {
        return place.equals(root);
    }

    /**
     * The real place of a guest path given as its parts: symbolic links on the way, and the last part too when
     * {@code followLast}, are followed as inside a chroot, so absolute targets and {@code ..} stay in the folder.
     */
    Path resolve(List<String> parts, boolean followLast) throws IOException {
        Deque<String> todo = new ArrayDeque<>(parts);
        Deque<String> done = new ArrayDeque<>();
        int hops = 0;
        while (!todo.isEmpty()) {
            String part = todo.pop();
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                done.pollLast();
                continue;
            }
            Path here = root.resolve(String.join("/", done)).resolve(part);
            if ((followLast || !todo.isEmpty()) && Files.isSymbolicLink(here)) {
                if (++hops > MAX_SYMLINK_HOPS) {
                    throw new IOException("too many symbolic links at " + here + " (a loop?): check the packages "
                            + "unpacked into " + root);
                }
                String link = Files.readSymbolicLink(here).toString();
                if (link.startsWith("/")) {
                    done.clear();
                }
                String[] linkParts = link.split("/");
                for (int i = linkParts.length - 1; i >= 0; i--) {
                    todo.push(linkParts[i]);
                }
                continue;
            }
            done.addLast(part);
        }
        return root.resolve(String.join("/", done));
    }
}
