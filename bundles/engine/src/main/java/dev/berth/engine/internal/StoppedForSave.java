package dev.berth.engine.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Set;

/**
 * The containers Berth stopped so that the VM's state could be saved, kept in a file until the VM runs again.
 *
 * @param bootId     the guest kernel's boot id when they were stopped: the same id after the start means the VM
 *                   was resumed, another one that it booted afresh
 * @param containers the stopped containers
 */
record StoppedForSave(String bootId, List<Entry> containers) {
    private static final ObjectMapper JSON = Json.MAPPER;
    /** Restart policies under which the engine itself starts a container again when it starts. */
    private static final Set<String> RESTARTED_AT_BOOT = Set.of("always", "unless-stopped");

    /**
     * One stopped container.
     *
     * @param id            the container's id
     * @param name          its name
     * @param restartPolicy its restart policy's name ({@code no}, {@code always}, ...)
     * @param shares        the host paths of the shared folders it mounts
     */
    record Entry(String id, String name, String restartPolicy, List<String> shares) {
    }

    /**
     * The containers to start again: after a resume all of them, since everything else ran on; after a fresh boot
     * only those the engine would have started again itself had the VM shut down with them running.
     */
    List<Entry> toStart(boolean resumed) {
        return containers.stream().filter(e -> resumed || RESTARTED_AT_BOOT.contains(e.restartPolicy())).toList();
    }

    /** Writes the record to {@code file}, replacing it whole. */
    void write(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Path part = file.resolveSibling(file.getFileName() + ".part");
        JSON.writerWithDefaultPrettyPrinter().writeValue(part.toFile(), this);
        Files.move(part, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Reads the record in {@code file}. */
    static StoppedForSave read(Path file) throws IOException {
        return JSON.readValue(file.toFile(), StoppedForSave.class);
    }
}
