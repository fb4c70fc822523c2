package dev.berth.image.internal.build;

import dev.berth.image.internal.build.AptOutput.Alternative;
import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/** Chooses the packages that a list of root packages needs, the way apt would but with an exclude list. */
final class DependencyClosure {
    /** Answers {@code apt-cache depends} for some packages, parsed by {@link AptOutput#depends}. */
    interface Query {
        Map<String, List<List<Alternative>>> depends(Collection<String> packages) throws IOException;
    }

    private DependencyClosure() {
    }

    /**
     * The names of {@code roots} and of everything they need, never one of {@code excludes}: of alternatives the
     * first allowed one is taken (unless one is chosen already), of a virtual package its first allowed provider
     * (none when the virtual package itself is excluded), and a dependency whose choices are all excluded is left out.
     */
    static SortedSet<String> of(Collection<String> roots, Set<String> excludes, Query query) throws IOException {
        for (String root : roots) {
            if (excludes.contains(root)) {
                throw new IllegalArgumentException(root + " is both wanted and excluded: remove it from one list");
            }
        }
        SortedSet<String> selected = new TreeSet<>(roots);
        SortedSet<String> pending = new TreeSet<>(roots);
        while (!pending.isEmpty()) {
            Map<String, List<List<Alternative>>> depends = query.depends(pending);
            SortedSet<String> next = new TreeSet<>();
            for (String name : pending) {
                List<List<Alternative>> groups = depends.get(name);
                if (groups == null) {
                    throw new IOException("apt knows no real package " + name + ": check the name (apt-cache policy "
                            + name + "); if it is right, run sudo apt-get update");
                }
                for (List<Alternative> group : groups) {
                    String pick = pick(name, group, selected, excludes);
                    if (pick != null && selected.add(pick)) {
                        next.add(pick);
                    }
                }
            }
            pending = next;
        }
        return selected;
    }

    /** The package to add for one dependency, or null when it is already met or all its choices are excluded. */
    private static String pick(String from, List<Alternative> group, Set<String> selected, Set<String> excludes)
            throws IOException {
        for (Alternative a : group) {
            if ((!a.virtual() && selected.contains(a.name())) || a.providers().stream().anyMatch(selected::contains)) {
                return null;
            }
        }
        boolean excluded = false;
        for (Alternative a : group) {
            if (excludes.contains(a.name())) {
                excluded = true;
                continue;
            }
            for (String candidate : a.virtual() ? a.providers() : List.of(a.name())) {
                if (!excludes.contains(candidate)) {
                    return candidate;
                }
                excluded = true;
            }
        }
        if (excluded) {
            return null;
        }
        throw new IOException("no package provides " + group.stream().map(Alternative::name).toList() + ", needed by "
                + from + ": add it to the exclude list to go without it");
    }
}
