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
 * Turns a burst of host changes into one batch of guest lines, then {@code .}: {@code c MODE PATH} and
 * {@code C MODE PATH} for a created file or folder, {@code d PATH} and {@code D PATH} for a removed one,
 * {@code m FROM<TAB>TO} for a rename, {@code w MODE SIZE PATH} for a written file (the guest truncates it to the
 * size it has, sets its mode and opens it for appending, without writing) and {@code a MODE PATH} for changed
 * attributes (the guest only sets the mode). Each change is checked against the host as it is now, so that the
 * guest never replays what the host has undone since. Without the kinds (an overflow, or a burst too large),
 * changed paths are replayed the old way, on themselves or their folders, with {@code w} and {@code a} only:
 *
 * <p>A path that still exists is replayed on itself; a path that is gone (or a symlink, whose mode the guest
 * cannot set without following it) on its folder. A path whose state is what Berth last replayed is its own
 * echo and is dropped. A batch larger than {@link #MAX_PATHS} is replayed on the folders instead, and then on
 * the watched roots, so a checkout of thousands of files costs the guest a handful of operations.
 */
final class ChangeBatcher {
    static final int MAX_PATHS = 256;
    /** Longer names do not fit the file server's announcement names: their folder is replayed instead. */
    static final int MAX_NAME = 200;
    /** Echoes come back within milliseconds; forget what was sent after this long. */
    private static final long ECHO_NANOS = 10_000_000_000L;
    private final Function<Path, Optional<FileState>> stat;
    private final Map<Path, Sent> sent = new LinkedHashMap<>();

    private record Sent(FileState state, long at) {
    }

    ChangeBatcher(Function<Path, Optional<FileState>> stat) {
        this.stat = stat;
    }

    /** The batch for a planned burst (see {@link ChangePlan}), or an empty list when nothing is left to do. */
    List<String> lines(List<Change> plan, List<Path> roots, long now) {
        if (plan.size() > MAX_PATHS || plan.stream().anyMatch(c -> c.kind() == Change.Kind.RESCAN)) {
            Set<Path> paths = new LinkedHashSet<>();
            for (Change c : plan) {
                paths.add(c.path());
                if (c.to() != null) paths.add(c.to());
            }
            paths.removeIf(p -> roots.stream().noneMatch(p::startsWith));
            return batch(paths, roots, now);
        }
        sent.values().removeIf(s -> now - s.at() > ECHO_NANOS);
        List<String> lines = new ArrayList<>();
        Set<Path> folders = new LinkedHashSet<>();
        for (Change c : plan) {
            boolean fromIn = within(c.path(), roots);
            if (c.kind() == Change.Kind.MOVED && !within(c.to(), roots)) {
                if (fromIn) line(Change.of(Change.Kind.DELETED, c.path(), c.directory()), lines, folders, now);
            } else if (c.kind() == Change.Kind.MOVED && !fromIn) {
                line(Change.of(Change.Kind.CREATED, c.to(), c.directory()), lines, folders, now);
            } else if (fromIn) {
                line(c, lines, folders, now);
            }
        }
        if (!folders.isEmpty()) {
            List<String> old = batch(folders, roots, now);
            if (!old.isEmpty()) lines.addAll(old.subList(0, old.size() - 1));
        }
        if (lines.isEmpty()) return List.of();
        lines.add(".");
        return lines;
    }

    private void line(Change c, List<String> lines, Set<Path> folders, long now) {
        Optional<FileState> state = stat.apply(c.path());
        Path p = c.path();
        switch (c.kind()) {
            case CREATED -> {
                if (state.isEmpty()) return;
                if (!plain(p) || state.get().link() || (!state.get().file() && !c.directory())) {
                    folders.add(p);
                    return;
                }
                sent.put(p, new Sent(state.get(), now));
                lines.add(String.format("%s %04o %s", state.get().file() ? "c" : "C", state.get().mode(), p));
            }
            case DELETED -> {
                if (state.isPresent()) return;
                if (!plain(p)) folders.add(p);
                else lines.add((c.directory() ? "D " : "d ") + p);
            }
            case MOVED -> {
                Optional<FileState> to = stat.apply(c.to());
                if (to.isEmpty()) {
                    if (state.isEmpty()) line(Change.of(Change.Kind.DELETED, p, c.directory()), lines, folders, now);
                } else if (state.isPresent()) {
                    line(Change.of(Change.Kind.CREATED, c.to(), c.directory()), lines, folders, now);
                } else if (!plain(p) || !plain(c.to())) {
                    folders.add(p);
                    folders.add(c.to());
                } else {
                    sent.put(c.to(), new Sent(to.get(), now));
                    lines.add("m " + p + "\t" + c.to());
                }
            }
            case MODIFIED, ATTRIB -> {
                if (state.isEmpty() || state.get().link()) return;
                Sent last = sent.get(p);
                if (last != null && last.state().equals(state.get())) return;   // the guest's own replay
                sent.put(p, new Sent(state.get(), now));
                boolean write = c.kind() == Change.Kind.MODIFIED && state.get().file();
                lines.add(write ? String.format("w %04o %d %s", state.get().mode(), state.get().size(), p)
                        : String.format("a %04o %s", state.get().mode(), p));
            }
            default -> folders.add(p);
        }
    }

    /** Whether a path can be named in the new lines: a short name, no tab or newline. */
    private static boolean plain(Path p) {
        String s = p.toString();
        return s.indexOf('\n') < 0 && s.indexOf('\t') < 0 && p.getFileName() != null
                && p.getFileName().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8).length <= MAX_NAME;
    }

    private static boolean within(Path p, List<Path> roots) {
        return p != null && roots.stream().anyMatch(r -> p.startsWith(r) && !p.equals(r));
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
