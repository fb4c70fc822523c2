package dev.berth.image.internal.build;

import dev.berth.api.vm.ProgressListener;
import dev.berth.image.internal.spec.GuestSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The Debian packages of one guest image, downloaded: exactly the locked versions when they can still be had,
 * else the current candidates (with a warning), and the kernel among them.
 *
 * @param kernel the kernel's packages: the {@code linux-image-*} package and, where the suite splits the kernel, its
 *               {@code linux-binary-*}, {@code linux-modules-*} and {@code linux-base-*} packages
 * @param system the system image packages, sorted by name
 * @param lock   the lock that describes exactly these files
 */
record PackageSet(List<AptDownloader.Downloaded> kernel, List<AptDownloader.Downloaded> system, LockFile lock) {
    /** Downloads the packages of {@code spec} from {@code repository}, following {@code lock} when it is usable. */
    static PackageSet fetch(GuestSpec spec, Optional<LockFile> lock, AptRepository repository,
                            ProgressListener progress, Consumer<String> warn) throws IOException {
        AptDownloader apt = new AptDownloader(repository);
        if (lock.isPresent()) {
            progress.progress("download", 0, lock.get().entries().size() + " locked packages");
            try {
                return split(apt.download(lock.get()), spec);
            } catch (IOException e) {
                warn.accept("the lock cannot be followed (" + e.getMessage() + "); using the current package versions");
            }
        }
        progress.progress("resolve", -1, "resolving the dependencies of " + String.join(", ", spec.system().packages()));
        repository.updateIfStale();
        List<LockFile.Entry> kernelEntries = new ArrayList<>();
        for (String name : kernelParts(kernelPackage(spec.kernel().packageName(), repository), repository)) {
            Map<String, String> stanza = AptOutput.show(repository.run(
                    List.of("apt-cache", "show", "--no-all-versions", name)).requireSuccess().stdout()).get(name);
            if (stanza == null) throw new IOException(repository.source().suite() + " has no kernel package " + name);
            kernelEntries.add(new LockFile.Entry(name, stanza.get("Version"), stanza.get("SHA256")));
        }
        progress.progress("download", 0, "downloading the guest's packages");
        List<AptDownloader.Downloaded> all = new ArrayList<>(apt.resolveAndDownload(spec.system().packages(),
                spec.system().exclude()));
        all.addAll(apt.download(new LockFile(kernelEntries)));
        return split(all, spec);
    }

    private static PackageSet split(List<AptDownloader.Downloaded> all, GuestSpec spec) throws IOException {
        List<AptDownloader.Downloaded> kernels = all.stream().filter(d -> isKernelPart(d.name()))
                .sorted(Comparator.comparing(AptDownloader.Downloaded::name)).toList();
        if (kernels.stream().filter(d -> isKernelImage(d.name())).count() != 1) {
            throw new IOException("expected exactly one kernel image package among the guest's packages, found "
                    + kernels.stream().map(AptDownloader.Downloaded::name).toList());
        }
        List<AptDownloader.Downloaded> system = all.stream().filter(d -> !isKernelPart(d.name()))
                .sorted(Comparator.comparing(AptDownloader.Downloaded::name)).toList();
        LockFile lock = new LockFile(all.stream().map(AptDownloader.Downloaded::lockEntry).toList());
        return new PackageSet(kernels, system, lock);
    }

    private static boolean isKernelImage(String name) {
        return name.matches("linux-image-\\d.*");
    }

    /** A kernel image package, or one of the packages a split kernel ships its image and modules in. */
    private static boolean isKernelPart(String name) {
        return name.matches("linux-(image|binary|modules|base)-\\d.*");
    }

    /** The kernel image package and the packages it depends on for the kernel itself and its modules. */
    static List<String> kernelParts(String image, AptRepository repository) throws IOException {
        String out = repository.run(List.of("apt-cache", "depends", image)).requireSuccess().stdout();
        List<String> parts = new ArrayList<>(List.of(image));
        out.lines().map(String::strip).filter(l -> l.startsWith("Depends: "))
                .map(l -> l.substring("Depends: ".length()).strip())
                .filter(n -> isKernelPart(n) && !isKernelImage(n)).forEach(parts::add);
        return parts;
    }

    /** The kernel image a package names: itself when it is one, else the kernel image its metapackage depends on. */
    static String kernelPackage(String name, AptRepository repository) throws IOException {
        if (isKernelImage(name)) return name;
        String out = repository.run(List.of("apt-cache", "depends", name)).requireSuccess().stdout();
        return out.lines().map(String::strip).filter(l -> l.startsWith("Depends: linux-image-"))
                .map(l -> l.substring("Depends: ".length()).strip()).filter(PackageSet::isKernelImage).findFirst()
                .orElseThrow(() -> new IOException(name + " depends on no linux-image package; name the kernel package"));
    }

    /** The lock read from bytes, or empty when there are none. */
    static Optional<LockFile> parseLock(Optional<byte[]> bytes, Path scratch) throws IOException {
        if (bytes.isEmpty()) return Optional.empty();
        Path file = scratch.resolve("spec.lock");
        Files.write(file, bytes.get());
        return Optional.of(LockFile.read(file));
    }
}
