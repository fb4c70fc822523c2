package dev.berth.image.internal.build;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.tukaani.xz.XZInputStream;

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

    /**
     * Reads the kernel unpacked at {@code root} (modules under {@code lib/modules} or, in a merged /usr,
     * {@code usr/lib/modules}), unpacking xz-compressed modules since busybox's insmod loads only plain ones, and
     * running {@code depmod} since Debian's package has no modules.dep.
     */
    static KernelModules of(Path root) throws IOException {
        Path modules = root.resolve("lib/modules");
        if (!Files.isDirectory(modules)) modules = root.resolve("usr/lib/modules");
        List<Path> releases;
        try (Stream<Path> s = Files.list(modules)) {
            releases = s.filter(Files::isDirectory).toList();
        }
        if (releases.size() != 1) throw new IOException("expected one kernel release in " + modules + ", found " + releases);
        String release = releases.getFirst().getFileName().toString();
        decompress(releases.getFirst());
        Path base = modules.getParent().getParent();
        depmod(base, release);
        return new KernelModules(base, release, ModuleClosure.read(releases.getFirst()));
    }

    /** Replaces every {@code .ko.xz} under {@code folder} with the plain module. */
    static void decompress(Path folder) throws IOException {
        List<Path> packed;
        try (Stream<Path> s = Files.walk(folder)) {
            packed = s.filter(f -> f.getFileName().toString().endsWith(".ko.xz")).toList();
        }
        for (Path xz : packed) {
            Path ko = xz.resolveSibling(xz.getFileName().toString().replaceFirst("\\.xz$", ""));
            try (InputStream in = new XZInputStream(new BufferedInputStream(Files.newInputStream(xz)))) {
                Files.copy(in, ko);
            }
            Files.delete(xz);
        }
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

    /** The kernel image: in {@code /boot}, or in the modules folder where a merged /usr puts it. */
    Path vmlinuz() {
        Path boot = root.resolve("boot/vmlinuz-" + release);
        return Files.exists(boot) ? boot : folder().resolve("vmlinuz");
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
