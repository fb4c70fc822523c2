package dev.berth.filesharing.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/** Resolves host paths as the kernel does when Docker bind-mounts them, even when their end does not exist yet. */
final class HostPaths {
    /** The kernel gives up after 40 symlinks in one lookup (ELOOP). */
    private static final int MAX_LINKS = 40;

    private HostPaths() {
    }

    /**
     * The path with {@code .}, {@code ..} and every symlink resolved, one name at a time, so that a link that
     * points out of a share is seen even when its target does not exist.
     *
     * @return empty for a relative path or a symlink loop
     */
    static Optional<Path> resolve(Path path) {
        if (!path.isAbsolute()) return Optional.empty();
        Path result = path.getRoot();
        Deque<Path> names = new ArrayDeque<>();
        path.forEach(names::addLast);
        int links = 0;
        while (!names.isEmpty()) {
            String name = names.pop().toString();
            if (name.equals(".") || name.isEmpty()) continue;
            if (name.equals("..")) {
                result = result.getParent() == null ? result : result.getParent();
                continue;
            }
            Path next = result.resolve(name);
            if (!Files.isSymbolicLink(next)) {
                result = next;
                continue;
            }
            if (++links > MAX_LINKS) return Optional.empty();
            Path target;
            try {
                target = Files.readSymbolicLink(next);
            } catch (IOException e) {
                result = next;
                continue;
            }
            Deque<Path> rest = new ArrayDeque<>();
            target.forEach(rest::addLast);
            while (!rest.isEmpty()) names.push(rest.removeLast());
            if (target.isAbsolute()) result = target.getRoot();
        }
        return Optional.of(result);
    }
}
