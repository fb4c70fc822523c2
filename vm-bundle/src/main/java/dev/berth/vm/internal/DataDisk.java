package dev.berth.vm.internal;

import dev.berth.api.image.GuestImageBuilder;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** The VM's persistent data disk: created empty and labelled, grown when the setting grows, never shrunk. */
final class DataDisk {
    static final String LABEL = "berth-data";

    private DataDisk() {
    }

    /**
     * Makes sure the disk exists with at least {@code sizeBytes}; {@code builder} makes a new one.
     *
     * @return a sentence for the user when the disk is larger than asked (disks never shrink)
     */
    static Optional<String> ensure(GuestImageBuilder builder, Path disk, long sizeBytes) throws IOException {
        if (!Files.exists(disk)) {
            Files.createDirectories(disk.getParent());
            builder.createDisk(disk, sizeBytes, LABEL);
            DurableFiles.makePrivate(disk);
            return Optional.empty();
        }
        long current = Files.size(disk);
        if (current < sizeBytes) {
            try (RandomAccessFile f = new RandomAccessFile(disk.toFile(), "rw")) {
                f.setLength(sizeBytes);
            }
            return Optional.empty();
        }
        if (current > sizeBytes) {
            return Optional.of("the data disk is " + (current >> 30) + " GiB, more than vm.diskGiB = " + (sizeBytes >> 30)
                    + ": disks never shrink (delete " + disk + " while Berth is stopped to start over, losing images)");
        }
        return Optional.empty();
    }
}
