package dev.berth.vm.internal.image;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/** The unpacked guest kernel: its release, its modules and their dependencies. */
final class KernelModules {
    private static final Duration DEPMOD_TIMEOUT = Duration.ofMinutes(2);
    private final Path root;
    private final String release;
    private final ModuleClosure closure;

    private KernelModules(Path root, String release, ModuleClosure closure) {
        this.root = root;
        this.release = release;
        this.closure = closure;
    }

    /** Reads the kernel unpacked at {@code root}, running {@code depmod} since Debian's package has no modules.dep. */
    static KernelModules of(Path root) throws IOException {
        Path modules = root.resolve("lib/modules");
        List<Path> releases;
        try (Stream<Path> s = Files.list(modules)) {
            releases = s.filter(Files::isDirectory).toList();
        }
        if (releases.size() != 1) throw new IOException("expected one kernel release in " + modules + ", found " + releases);
        String release = releases.getFirst().getFileName().toString();
        depmod(root, release);
        return new KernelModules(root, release, ModuleClosure.read(releases.getFirst()));
    }

    /** Runs {@code depmod} for the modules under {@code root}. */
    static void depmod(Path root, String release) throws IOException {
        HostCommand.run(List.of("depmod", "-b", root.toString(), release), root, Map.of(), DEPMOD_TIMEOUT, "kmod")
                .requireSuccess();
    }

    /** Such as {@code 6.1.0-28-cloud-amd64}. */
    String release() {
        return release;
    }

    /** The kernel image. */
    Path vmlinuz() {
        return root.resolve("boot/vmlinuz-" + release);
    }

    /** This release's modules folder. */
    Path folder() {
        return root.resolve("lib/modules").resolve(release);
    }

    /** Module files (relative to {@link #folder()}) to load for {@code names}, in load order. */
    List<String> loadOrder(List<String> names) {
        return closure.loadOrder(names);
    }

    /** Module names for spec entries: files of the kernel tree, or folders meaning every module inside. */
    List<String> expand(List<String> entries) throws IOException {
        Set<String> names = new LinkedHashSet<>();
        Path kernel = folder().resolve("kernel");
        for (String entry : entries) {
            Path p = kernel.resolve(entry).normalize();
            if (!p.startsWith(kernel) || !Files.exists(p)) {
                throw new IOException("kernel module entry " + entry + " is not in " + kernel);
            }
            List<Path> files = new ArrayList<>();
            try (Stream<Path> s = Files.walk(p)) {
                s.filter(f -> f.toString().endsWith(".ko")).sorted().forEach(files::add);
            }
            for (Path f : files) names.add(f.getFileName().toString().replaceFirst("\\.ko$", ""));
        }
        return List.copyOf(names);
    }

    /** Copies module files and the kernel's module indexes into {@code rootfs}, then indexes them there. */
    void install(List<String> files, Path rootfs) throws IOException {
        Path target = rootfs.resolve("lib/modules").resolve(release);
        for (String f : files) {
            Path to = target.resolve(f);
            Files.createDirectories(to.getParent());
            Files.copy(folder().resolve(f), to);
        }
        for (String index : List.of("modules.order", "modules.builtin", "modules.builtin.modinfo")) {
            if (Files.exists(folder().resolve(index))) Files.copy(folder().resolve(index), target.resolve(index));
        }
        depmod(rootfs, release);
    }
}
