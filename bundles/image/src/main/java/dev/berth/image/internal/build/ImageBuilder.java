package dev.berth.image.internal.build;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.berth.api.vm.ImageArtifacts;
import dev.berth.api.vm.ProgressListener;
import dev.berth.image.internal.spec.GuestSpec;
import dev.berth.image.internal.spec.SpecSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Builds the guest's boot artifacts from a spec into {@code <images>/<hash>}: the kernel, the initramfs and the
 * read-only system image; equal inputs give byte-identical outputs, so a built hash is never built again.
 */
public final class ImageBuilder {
    /** Changes whenever the builder would produce different bytes from the same inputs. */
    public static final String VERSION = "2";
    /** Every time stamp inside the artifacts (2024-01-01T00:00:00Z). */
    static final long EPOCH = 1_704_067_200L;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final Duration APT_TIMEOUT = Duration.ofMinutes(10);
    private final Path images;
    private final Path aptRoot;

    /** A builder that keeps images under {@code images} and each Debian suite's apt state under {@code aptRoot}. */
    public ImageBuilder(Path images, Path aptRoot) {
        this.images = images;
        this.aptRoot = aptRoot;
    }

    /** The apt state of {@code source} under {@code aptRoot}, with the time limit of every apt command. */
    public static AptRepository repository(GuestSpec.Debian source, Path aptRoot, Consumer<String> warn) {
        return new AptRepository(source, aptRoot, APT_TIMEOUT, warn);
    }

    /** The artifacts of {@code source} when they are already built. */
    public Optional<ImageArtifacts> cached(SpecSource source) throws IOException {
        return read(images.resolve(source.hash(VERSION)), source);
    }

    /**
     * Returns the artifacts of {@code source}, building them when they are not cached.
     *
     * @param warn receives sentences about what the user should know, such as a lock that could not be followed
     */
    public ImageArtifacts build(SpecSource source, ProgressListener progress, Consumer<String> warn) throws IOException {
        String hash = source.hash(VERSION);
        Path done = images.resolve(hash);
        Optional<ImageArtifacts> cached = read(done, source);
        if (cached.isPresent()) return cached.get();
        Path work = images.resolve(hash + ".work");
        Trees.delete(work);
        Files.createDirectories(work);
        try {
            PackageSet packages = PackageSet.fetch(source.spec(), PackageSet.parseLock(source.lock(), work),
                    repository(source.spec().debian(), aptRoot, warn), progress, warn);
            progress.progress("unpack", 0, "the kernel " + packages.kernel().getFirst().version());
            Path kernelRoot = Files.createDirectories(work.resolve("kernel"));
            for (AptDownloader.Downloaded part : packages.kernel()) {
                new DebPackage(part.file()).extract(kernelRoot, new FileMetadata());
            }
            KernelModules kernel = KernelModules.of(kernelRoot);
            Path rootfs = work.resolve("rootfs");
            FileMetadata metadata = new FileMetadata();
            RootfsAssembler assembler = new RootfsAssembler(source.spec(), source.sources(), rootfs, metadata);
            assembler.unpack(packages.system(), progress);
            assembler.finish();
            progress.progress("modules", -1, "kernel " + kernel.release());
            List<String> modules = new ArrayList<>(kernel.expand(source.spec().system().modules()));
            modules.addAll(source.modules());
            kernel.install(kernel.loadOrder(modules), rootfs);
            Path out = work.resolve("out");
            Files.createDirectories(out);
            progress.progress("initramfs", -1, "busybox and " + source.spec().init().modules().size() + " modules");
            new InitramfsBuilder(EPOCH).write(rootfs.resolve("bin/busybox"), assembler.applets(),
                    source.sources().get(source.spec().init().script()), kernel,
                    kernel.loadOrder(source.spec().init().modules()), out.resolve("initrd.img"));
            progress.progress("system", -1, "writing the read-only system image");
            UUID uuid = UUID.nameUUIDFromBytes(hash.getBytes(StandardCharsets.US_ASCII));
            new Ext4Image(source.spec().system().label(), uuid, EPOCH).build(rootfs, metadata, out.resolve("system.img"));
            Files.copy(kernel.vmlinuz(), out.resolve("vmlinuz"));
            packages.lock().write(out.resolve("berth-guest.lock"));
            writeManifest(out, hash, kernel.release(), packages);
            Trees.delete(done);
            Files.move(out, done, StandardCopyOption.ATOMIC_MOVE);
            progress.progress("system", 1, "image " + hash.substring(0, 12) + " built");
            return read(done, source).orElseThrow();
        } finally {
            Trees.delete(work);
        }
    }

    private static void writeManifest(Path out, String hash, String release, PackageSet packages) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("hash", hash);
        m.put("builder", VERSION);
        m.put("kernelRelease", release);
        List<String> names = new ArrayList<>();
        packages.kernel().forEach(d -> names.add(d.name() + " " + d.version()));
        packages.system().forEach(d -> names.add(d.name() + " " + d.version()));
        m.put("packages", names);
        JSON.writeValue(out.resolve("manifest.json").toFile(), m);
    }

    /** The artifacts in {@code dir}, with the kernel command line of the spec they were built from. */
    private static Optional<ImageArtifacts> read(Path dir, SpecSource source) throws IOException {
        Path manifest = dir.resolve("manifest.json");
        if (!Files.isRegularFile(manifest)) return Optional.empty();
        var m = JSON.readTree(manifest.toFile());
        return Optional.of(new ImageArtifacts(m.path("hash").asText(), m.path("kernelRelease").asText(),
                dir.resolve("vmlinuz"), dir.resolve("initrd.img"), dir.resolve("system.img"),
                source.spec().kernel().cmdline()));
    }
}
