package dev.berth.image.internal.build;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Makes ext4 images with e2fsprogs: byte-reproducible system images from a staging folder, and empty data disks. */
public final class Ext4Image {
    private static final Duration TIMEOUT = Duration.ofMinutes(10);
    private static final long MIB = 1024 * 1024;
    private static final int MAX_LABEL_BYTES = 16;

    private final String label;
    private final UUID uuid;
    private final long epochSeconds;

    /**
     * A builder of images labelled {@code label}, with {@code uuid} as file system UUID and directory hash seed, and
     * every time stamp set to {@code epochSeconds}.
     */
    public Ext4Image(String label, UUID uuid, long epochSeconds) {
        this.label = checkedLabel(label);
        this.uuid = uuid;
        this.epochSeconds = epochSeconds;
    }

    /** Builds {@code image} from {@code staging}, sized for its content plus headroom. */
    public void build(Path staging, FileMetadata metadata, Path image) throws IOException {
        build(staging, metadata, image, sizeFor(staging));
    }

    /**
     * Builds {@code image} of {@code sizeBytes} from {@code staging}, replacing any earlier file: {@code mke2fs -d},
     * then one {@code debugfs} pass that gives every path its owner and mode from {@code metadata} (root:root and the
     * mode on disk for paths it lacks) and the fixed time stamps.
     */
    public void build(Path staging, FileMetadata metadata, Path image, long sizeBytes) throws IOException {
        FileMetadata covered = metadata.coveringTree(staging);
        long inodes = covered.entries().size() + covered.entries().size() / 10 + 64;
        Map<String, String> fakeTime = Map.of("E2FSPROGS_FAKE_TIME", Long.toString(epochSeconds));
        Files.deleteIfExists(image);
        Files.createDirectories(image.toAbsolutePath().getParent());
        Path script = Files.createTempFile(image.toAbsolutePath().getParent(), "debugfs-", ".txt");
        try {
            HostCommand.Result made = HostCommand.run(List.of("mke2fs", "-q", "-t", "ext4", "-d", staging.toString(),
                    "-L", label, "-U", uuid.toString(), "-E", "hash_seed=" + uuid + ",root_owner=0:0",
                    "-N", Long.toString(inodes), "-m", "0", image.toString(), sizeBytes / 1024 + "k"),
                    staging, fakeTime, TIMEOUT, "e2fsprogs");
            if (made.exitCode() != 0 && made.stderr().contains("Could not allocate")) {
                throw new IOException(image + " (" + sizeBytes / MIB + " MiB) is too small for " + staging
                        + ": give a larger size, or none to size it from the content");
            }
            made.requireSuccess();
            Files.writeString(script, covered.debugfsScript(epochSeconds), StandardCharsets.UTF_8);
            HostCommand.Result fixed = HostCommand.run(List.of("debugfs", "-w", "-f", script.toString(),
                    image.toString()), staging, fakeTime, TIMEOUT, "e2fsprogs").requireSuccess();
            String errors = fixed.stderr().lines().filter(line -> !line.startsWith("debugfs "))
                    .limit(5).collect(Collectors.joining("; "));
            if (!errors.isEmpty()) {
                throw new IOException("debugfs -w -f " + script + " " + image + " could not set owners, modes and "
                        + "times: " + errors);
            }
        } catch (IOException e) {
            Files.deleteIfExists(image);
            throw e;
        } finally {
            Files.deleteIfExists(script);
        }
    }

    /**
     * Creates an empty ext4 file system of {@code sizeBytes} in a new sparse file {@code image}, for example the data
     * disk that holds {@code /var/lib/docker}.
     */
    public static void createEmpty(Path image, long sizeBytes, String label) throws IOException {
        if (Files.exists(image, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException(image + " already exists and may hold data: delete it first to start with an "
                    + "empty disk");
        }
        try {
            HostCommand.run(List.of("mke2fs", "-q", "-t", "ext4", "-L", checkedLabel(label), "-E",
                    "assume_storage_prezeroed=1", image.toString(), sizeBytes / 1024 + "k"),
                    image.toAbsolutePath().getParent(), Map.of(), TIMEOUT, "e2fsprogs").requireSuccess();
        } catch (IOException e) {
            Files.deleteIfExists(image);
            throw e;
        }
    }

    /**
     * A size that holds {@code staging}: its files rounded up to 4 KiB blocks, a block per folder and long symbolic
     * link, inode tables and journal, plus 15% and 16 MiB of headroom, rounded up to whole MiB.
     */
    static long sizeFor(Path staging) throws IOException {
        long[] blocksAndInodes = new long[2];
        try (Stream<Path> walk = Files.walk(staging)) {
            for (Path path : (Iterable<Path>) walk::iterator) {
                BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class,
                        LinkOption.NOFOLLOW_LINKS);
                long bytes = a.isSymbolicLink() ? (a.size() >= 60 ? 1 : 0) : a.isDirectory() ? 1 : a.size();
                blocksAndInodes[0] += (bytes + 4095) / 4096;
                blocksAndInodes[1]++;
            }
        }
        long content = blocksAndInodes[0] * 4096 + blocksAndInodes[1] * 512;
        long total = content + content * 15 / 100 + 16 * MIB;
        return (total + MIB - 1) / MIB * MIB;
    }

    private static String checkedLabel(String label) {
        if (label.isEmpty() || label.getBytes(StandardCharsets.UTF_8).length > MAX_LABEL_BYTES) {
            throw new IllegalArgumentException("ext4 label '" + label + "' must have 1 to 16 bytes: "
                    + "choose a shorter one");
        }
        return label;
    }
}
