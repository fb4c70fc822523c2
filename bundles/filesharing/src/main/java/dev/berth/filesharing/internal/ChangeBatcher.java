package dev.berth.filesharing.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Turns a burst of changed host paths into one batch of guest lines, then {@code .}: {@code w MODE PATH} for a
 * regular file (the guest sets its mode and opens it for appending, without writing), {@code a MODE PATH} for a
 * folder (the guest only sets its mode).
 *
 * <p>A path that still exists is replayed on itself; a path that is gone (or a symlink, whose mode the guest
 * cannot set without following it) on its folder. A path whose state is what Berth last replayed is its own
 * echo and is dropped. A batch larger than {@link #MAX_PATHS} is replayed on the folders instead, and then on
 * the watched roots, so a checkout of thousands of files costs the guest a handful of operations.
 */
final class ChangeBatcher {
    static final int MAX_PATHS = 256;
    /** Echoes come back within milliseconds; forget what was sent after this long. */
    private static final long ECHO_NANOS = 10_000_000_000L;
    private final Function<Path, Optional<FileState>> stat;
    private final Map<Path, Sent> sent = new LinkedHashMap<>();

    private record Sent(FileState state, long at) {
    }

    ChangeBatcher(Function<Path, Optional<FileState>> stat) {
        this.stat = stat;
    }

    /**
     * The batch for a set of changed paths under the watched roots, or an empty list when nothing is left to do.
     *
     * @param now a monotonic time in nanoseconds
     */
    List<String> batch(Set<Path> changed, List<Path> roots, long now) {
        sent.values().removeIf(s -> now - s.at() > ECHO_NANOS);
        Map<Path, FileState> targets = targets(changed, roots);
        if (targets.size() > MAX_PATHS) targets = collapse(targets.keySet(), roots);
        if (targets.size() > MAX_PATHS) targets = collapse(new LinkedHashSet<>(roots), roots);
        if (targets.isEmpty()) return List.of();
        List<String> lines = new ArrayList<>();
        targets.entrySet().stream().sorted(Comparator.comparingInt(e -> e.getValue().mode())).forEach(e -> {
            sent.put(e.getKey(), new Sent(e.getValue(), now));
            lines.add(String.format("%s %04o %s", e.getValue().file() ? "w" : "a", e.getValue().mode(), e.getKey()));
        });
        lines.add(".");
        return lines;
    }

    /** Each changed path that still exists and is not its own echo, else its folder, with its state. */
    private Map<Path, FileState> targets(Set<Path> changed, List<Path> roots) {
        Map<Path, FileState> targets = new LinkedHashMap<>();
        for (Path p : changed) {
            Optional<FileState> state = stat.apply(p);
            if (state.isPresent() && !state.get().link()) {
                Sent last = sent.get(p);
                if (last == null || !last.state().equals(state.get())) targets.put(p, state.get());
            } else {
                folderOf(p, roots).ifPresent(f -> targets.put(f.getKey(), f.getValue()));
            }
        }
        return targets;
    }

    /** The nearest existing folder of a path within the roots, with its state. */
    private Optional<Map.Entry<Path, FileState>> folderOf(Path p, List<Path> roots) {
        for (Path f = p.getParent(); f != null && roots.stream().anyMatch(f::startsWith); f = f.getParent()) {
            Optional<FileState> state = stat.apply(f);
            if (state.isPresent() && !state.get().link()) return Optional.of(Map.entry(f, state.get()));
        }
        return Optional.empty();
    }

    /** The folders of the paths; a root stands for itself. */
    private Map<Path, FileState> collapse(Set<Path> paths, List<Path> roots) {
        Map<Path, FileState> folders = new LinkedHashMap<>();
        for (Path p : paths) {
            if (roots.contains(p)) {
                stat.apply(p).ifPresent(s -> folders.put(p, s));
            } else {
                folderOf(p, roots).ifPresent(f -> folders.put(f.getKey(), f.getValue()));
            }
        }
        return folders;
    }
}
