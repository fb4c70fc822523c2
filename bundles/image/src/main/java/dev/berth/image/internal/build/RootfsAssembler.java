package dev.berth.image.internal.build;

import dev.berth.api.vm.ProgressListener;
import dev.berth.image.internal.spec.GuestSpec;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Turns unpacked Debian packages into the guest's root file system, following the spec's system section. */
final class RootfsAssembler {
    private final GuestSpec spec;
    private final Map<String, byte[]> sources;
    private final Path rootfs;
    private final FileMetadata metadata;

    RootfsAssembler(GuestSpec spec, Map<String, byte[]> sources, Path rootfs, FileMetadata metadata) {
        this.spec = spec;
        this.sources = sources;
        this.rootfs = rootfs;
        this.metadata = metadata;
    }

    /** Unpacks the packages in order, later ones overwriting earlier ones. */
    void unpack(List<AptDownloader.Downloaded> debs, ProgressListener progress) throws IOException {
        Files.createDirectories(rootfs);
        for (int i = 0; i < debs.size(); i++) {
            progress.progress("unpack", (double) i / debs.size(), debs.get(i).name());
            new DebPackage(debs.get(i).file()).extract(rootfs, metadata);
        }
    }

    /** Prunes, links, adds busybox's applet links, the spec's files and the inittab. */
    void finish() throws IOException {
        for (String path : spec.system().remove()) Trees.delete(inside(path));
        // Links first, so that a merged /usr's bin -> usr/bin holds busybox's applet links instead of hiding them.
        for (var link : spec.system().symlinks().entrySet()) {
            Path at = inside(link.getKey());
            Files.createDirectories(at.getParent());
            Trees.delete(at);
            Files.createSymbolicLink(at, Path.of(link.getValue()));
        }
        if (spec.system().busyboxLinks()) busyboxLinks();
        if (spec.system().caBundle()) caBundle();
        for (GuestSpec.FileEntry f : spec.files()) addFile(f);
        write("/etc/inittab", spec.inittab().getBytes(StandardCharsets.UTF_8), 0644);
    }

    /** Busybox applet names, as {@code busybox --list-full} prints them (paths without the leading slash). */
    List<String> applets() throws IOException {
        return HostCommand.run(List.of(rootfs.resolve("bin/busybox").toString(), "--list-full"), rootfs, Map.of(),
                Duration.ofSeconds(30), "busybox-static").requireSuccess().stdout().lines()
                .map(String::strip).filter(l -> !l.isEmpty()).sorted().toList();
    }

    private void busyboxLinks() throws IOException {
        for (String applet : applets()) {
            Path at = inside(applet);
            if (Files.exists(at, java.nio.file.LinkOption.NOFOLLOW_LINKS)) continue;
            Files.createDirectories(at.getParent());
            Files.createSymbolicLink(at, Path.of("/bin/busybox"));
        }
    }

    private void caBundle() throws IOException {
        Path certs = rootfs.resolve("usr/share/ca-certificates");
        List<Path> crts;
        try (Stream<Path> s = Files.walk(certs)) {
            crts = s.filter(p -> p.toString().endsWith(".crt")).sorted(Comparator.comparing(Path::toString)).toList();
        }
        Path bundle = inside("etc/ssl/certs/ca-certificates.crt");
        Files.createDirectories(bundle.getParent());
        try (OutputStream out = Files.newOutputStream(bundle)) {
            for (Path crt : crts) out.write(Files.readAllBytes(crt));
        }
    }

    private void addFile(GuestSpec.FileEntry f) throws IOException {
        if (f.directory()) {
            Path dir = inside(f.path());
            Files.createDirectories(dir);
            metadata.put(f.path(), new FileMetadata.Attributes(0, 0, Modes.S_IFDIR | f.permissions()));
            return;
        }
        byte[] content = f.source() != null ? sources.get(f.source()) : f.contents().getBytes(StandardCharsets.UTF_8);
        write(f.path(), content, f.permissions());
    }

    private void write(String guestPath, byte[] content, int permissions) throws IOException {
        Path at = inside(guestPath);
        Files.createDirectories(at.getParent());
        Trees.delete(at);
        Files.write(at, content);
        Files.setPosixFilePermissions(at, Modes.permissions(permissions | 0600));
        metadata.put(guestPath, new FileMetadata.Attributes(0, 0, Modes.S_IFREG | permissions));
    }

    private Path inside(String guestPath) throws IOException {
        Path p = rootfs.resolve(guestPath.startsWith("/") ? guestPath.substring(1) : guestPath).normalize();
        if (!p.startsWith(rootfs)) throw new IOException("path " + guestPath + " leaves the guest's root");
        return p;
    }
}
