package dev.berth.image.internal.spec;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A guest spec with every file it names and its lock, as bytes: everything an image build depends on.
 *
 * @param name    the spec's file name, for messages
 * @param spec    the parsed spec
 * @param yaml    the spec's bytes
 * @param sources the files the spec names, by name
 * @param lock    the lock file's bytes, when there is one
 * @param lockAt  where a new lock may be written beside the spec, when the spec lives in a folder
 * @param modules kernel modules by name, besides the spec's, that the image holds (with their dependencies)
 * @param added   what bundles contributed besides file bytes (paths, modes, services, modules), as text; empty for none
 */
public record SpecSource(String name, GuestSpec spec, byte[] yaml, Map<String, byte[]> sources, Optional<byte[]> lock,
                         Optional<Path> lockAt, java.util.List<String> modules, String added) {
    /** A spec as read, with nothing contributed. */
    public SpecSource(String name, GuestSpec spec, byte[] yaml, Map<String, byte[]> sources, Optional<byte[]> lock,
                      Optional<Path> lockAt) {
        this(name, spec, yaml, sources, lock, lockAt, java.util.List.of(), "");
    }

    /** The spec shipped in this bundle. */
    public static SpecSource bundled() throws IOException {
        return load("berth-guest.yaml", file -> {
            try (InputStream in = SpecSource.class.getResourceAsStream("/dev/berth/image/guest/" + file)) {
                return in == null ? null : in.readAllBytes();
            }
        }, Optional.empty());
    }

    /** A spec file on disk; the files it names and its lock ({@code <name>.lock}) live beside it. */
    public static SpecSource file(Path spec) throws IOException {
        Path dir = spec.toAbsolutePath().getParent();
        String base = spec.getFileName().toString().replaceFirst("\\.ya?ml$", "");
        return load(spec.getFileName().toString(), file -> {
            Path p = file.endsWith(".lock") ? dir.resolve(base + ".lock") : dir.resolve(file);
            return Files.isRegularFile(p) ? Files.readAllBytes(p) : null;
        }, Optional.of(dir.resolve(base + ".lock")));
    }

    /** Reads files by name, or returns null when one does not exist. */
    @FunctionalInterface
    interface Reader {
        byte[] read(String file) throws IOException;
    }

    private static SpecSource load(String name, Reader reader, Optional<Path> lockAt) throws IOException {
        byte[] yaml = reader.read(name);
        if (yaml == null) throw new IOException("guest spec " + name + " not found");
        GuestSpec spec = GuestSpecLoader.parse(name, yaml);
        Map<String, byte[]> sources = new TreeMap<>();
        addSource(name, spec.init().script(), reader, sources);
        for (GuestSpec.FileEntry f : spec.files()) {
            if (f.source() != null) addSource(name, f.source(), reader, sources);
        }
        String lockName = name.replaceFirst("\\.ya?ml$", "") + ".lock";
        return new SpecSource(name, spec, yaml, sources, Optional.ofNullable(reader.read(lockName)), lockAt);
    }

    private static void addSource(String spec, String file, Reader reader, Map<String, byte[]> sources)
            throws IOException {
        if (file.contains("..") || file.startsWith("/")) {
            throw new IOException(spec + ": source " + file + " must be a file name beside the spec");
        }
        byte[] content = reader.read(file);
        if (content == null) throw new IOException(spec + ": the file " + file + " it names is missing");
        sources.put(file, content);
    }

    /**
     * SHA-256 over the spec, its files, its lock, what was contributed and the builder version: equal hashes give
     * equal images, and a changed contribution gives another image.
     */
    public String hash(String builderVersion) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            update(d, builderVersion.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            update(d, yaml);
            for (var e : sources.entrySet()) {
                update(d, e.getKey().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                update(d, e.getValue());
            }
            update(d, lock.orElse(new byte[0]));
            update(d, added.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void update(MessageDigest d, byte[] bytes) {
        d.update(java.nio.ByteBuffer.allocate(8).putLong(bytes.length).array());
        d.update(bytes);
    }
}
