package dev.berth.image.internal.build;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The kernel modules to load, in order, for a list of module names, read from {@code modules.dep} like modprobe. */
public final class ModuleClosure {
    private final Path folder;
    private final Map<String, String> pathByName = new HashMap<>();
    private final Map<String, List<String>> dependsByPath = new HashMap<>();
    private final Set<String> builtins = new HashSet<>();

    private ModuleClosure(Path folder) {
        this.folder = folder;
    }

    /**
     * Reads {@code modules.dep} and {@code modules.builtin} of a {@code lib/modules/<kver>} folder. Debian's kernel
     * packages ship no {@code modules.dep} (their postinst makes it), so run {@code depmod -b <root> <kver>} (Debian
     * package kmod) on the unpacked kernel first.
     */
    public static ModuleClosure read(Path modulesFolder) throws IOException {
        ModuleClosure closure = new ModuleClosure(modulesFolder);
        Path dep = modulesFolder.resolve("modules.dep");
        if (!Files.isRegularFile(dep)) {
            Path root = modulesFolder.toAbsolutePath();
            for (int i = 0; i < 3 && root.getParent() != null; i++) {
                root = root.getParent();
            }
            throw new NoSuchFileException(dep.toString(), null, "Debian kernel packages do not ship modules.dep; "
                    + "make it with: depmod -b " + root + " " + modulesFolder.getFileName() + " (Debian package kmod)");
        }
        for (String line : Files.readAllLines(dep)) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                String path = line.substring(0, colon).strip();
                String rest = line.substring(colon + 1).strip();
                closure.pathByName.put(name(path), path);
                closure.dependsByPath.put(path, rest.isEmpty() ? List.of() : List.of(rest.split("\\s+")));
            }
        }
        Path builtin = modulesFolder.resolve("modules.builtin");
        if (Files.isRegularFile(builtin)) {
            for (String line : Files.readAllLines(builtin)) {
                if (!line.isBlank()) {
                    closure.builtins.add(name(line.strip()));
                }
            }
        }
        return closure;
    }

    /** Whether a module is built into the kernel, so it needs no loading; {@code -} and {@code _} are the same. */
    public boolean builtin(String module) {
        return builtins.contains(normalized(module));
    }

    /**
     * The files (relative to the modules folder) to load, in order, for {@code modules}: dependencies before the
     * modules that need them, each once, like {@code modprobe --show-depends}. Built-in modules are skipped.
     *
     * @throws IllegalArgumentException naming the first module that is neither loadable nor built in
     */
    public List<String> loadOrder(List<String> modules) {
        Set<String> order = new LinkedHashSet<>();
        for (String module : modules) {
            String path = pathByName.get(normalized(module));
            if (path != null) {
                visit(path, order, new HashSet<>());
            } else if (!builtin(module)) {
                throw new IllegalArgumentException("kernel module " + module + " is neither in modules.dep nor in "
                        + "modules.builtin of " + folder + ": check its name (ls " + folder
                        + "/kernel -R) or use a kernel that has it");
            }
        }
        return List.copyOf(order);
    }

    /** Adds the dependencies of {@code path} (deepest first, as modprobe loads them) and then {@code path}. */
    private void visit(String path, Set<String> order, Set<String> visiting) {
        if (order.contains(path)) {
            return;
        }
        if (!visiting.add(path)) {
            throw new IllegalArgumentException("modules.dep of " + folder + " has a dependency loop through " + path
                    + ": run depmod again");
        }
        List<String> depends = dependsByPath.get(path);
        if (depends == null) {
            throw new IllegalArgumentException("modules.dep of " + folder + " lists " + path
                    + " as a dependency but has no line for it: run depmod again");
        }
        List<String> deepestFirst = new ArrayList<>(depends);
        Collections.reverse(deepestFirst);
        for (String dependency : deepestFirst) {
            visit(dependency, order, visiting);
        }
        order.add(path);
    }

    /** The module name of a file such as {@code kernel/fs/fuse/virtiofs.ko.xz}: {@code virtiofs}. */
    private static String name(String path) {
        String file = path.substring(path.lastIndexOf('/') + 1);
        int ko = file.indexOf(".ko");
        return normalized(ko < 0 ? file : file.substring(0, ko));
    }

    private static String normalized(String module) {
        return module.strip().replace('-', '_');
    }
}
