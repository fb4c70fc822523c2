package dev.berth.vm.internal.image;

import dev.berth.api.vm.ProgressListener;
import dev.berth.vm.internal.spec.GuestSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
 * @param kernel the kernel package
 * @param system the system image packages, sorted by name
 * @param lock   the lock that describes exactly these files
 */
record PackageSet(AptDownloader.Downloaded kernel, List<AptDownloader.Downloaded> system, LockFile lock) {
    private static final Duration APT_TIMEOUT = Duration.ofMinutes(10);

    /** Downloads the packages of {@code spec} into {@code cache}, following {@code lock} when it is usable. */
    static PackageSet fetch(GuestSpec spec, Optional<LockFile> lock, Path cache, ProgressListener progress,
                            Consumer<String> warn) throws IOException {
        Files.createDirectories(cache);
        AptDownloader apt = new AptDownloader(cache, APT_TIMEOUT);
        if (lock.isPresent()) {
            progress.progress("download", 0, lock.get().entries().size() + " locked packages");
            try {
                return split(apt.download(lock.get()), spec);
            } catch (IOException e) {
                warn.accept("the lock cannot be followed (" + e.getMessage() + "); using the current package versions");
            }
        }
        progress.progress("resolve", -1, "resolving the dependencies of " + String.join(", ", spec.system().packages()));
        String kernelName = kernelPackage(spec.kernel().packageName(), cache);
        Map<String, String> kernelStanza = AptOutput.show(HostCommand.run(
                List.of("apt-cache", "show", "--no-all-versions", kernelName), cache, Map.of(), APT_TIMEOUT, "apt")
                .requireSuccess().stdout()).get(kernelName);
        if (kernelStanza == null) throw new IOException("apt knows no kernel package " + kernelName + ": run sudo apt-get update");
        LockFile.Entry kernelEntry = new LockFile.Entry(kernelName, kernelStanza.get("Version"), kernelStanza.get("SHA256"));
        progress.progress("download", 0, "downloading the guest's packages");
        List<AptDownloader.Downloaded> all = new ArrayList<>(apt.resolveAndDownload(spec.system().packages(),
                spec.system().exclude()));
        all.addAll(apt.download(new LockFile(List.of(kernelEntry))));
        return split(all, spec);
    }

    private static PackageSet split(List<AptDownloader.Downloaded> all, GuestSpec spec) throws IOException {
        List<AptDownloader.Downloaded> kernels = all.stream().filter(d -> isKernelImage(d.name())).toList();
        if (kernels.size() != 1) {
            throw new IOException("expected exactly one kernel image package among the guest's packages, found "
                    + kernels.stream().map(AptDownloader.Downloaded::name).toList());
        }
        List<AptDownloader.Downloaded> system = all.stream().filter(d -> !isKernelImage(d.name()))
                .sorted(Comparator.comparing(AptDownloader.Downloaded::name)).toList();
        LockFile lock = new LockFile(all.stream().map(AptDownloader.Downloaded::lockEntry).toList());
        return new PackageSet(kernels.getFirst(), system, lock);
    }

    private static boolean isKernelImage(String name) {
        return name.matches("linux-image-\\d.*");
    }

    /** The kernel image a package names: itself when it is one, else the kernel image its metapackage depends on. */
    static String kernelPackage(String name, Path folder) throws IOException {
        if (isKernelImage(name)) return name;
        String out = HostCommand.run(List.of("apt-cache", "depends", name), folder, Map.of(), APT_TIMEOUT, "apt")
                .requireSuccess().stdout();
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
