package dev.berth.hypervisor.qemu.internal.virtiofs;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.api.hypervisor.SharedFolderSpec;
import dev.berth.hypervisor.qemu.internal.files.QemuFiles;
import dev.berth.hypervisor.qemu.internal.qmp.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A shared folder attached to a running QEMU, as recorded in the machine's run folder for later daemons.
 *
 * @param folder the folder and its tag
 * @param port   the PCIe root port its device sits on
 * @param pid    the virtiofsd serving it
 */
record AttachedFolder(SharedFolderSpec folder, String port, long pid) {
    private static final ObjectMapper JSON = Json.MAPPER;

    /** The QEMU id of the folder's device and of its chardev. */
    static String deviceId(String tag) {
        return "vfs-" + tag;
    }

    /** Records this folder, atomically. */
    void write(QemuFiles files) throws IOException {
        Path file = files.virtiofsState(folder.tag());
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        JSON.writeValue(temp.toFile(), this);
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** The record of the folder with this tag, if there is a readable one. */
    static Optional<AttachedFolder> read(QemuFiles files, String tag) {
        Path file = files.virtiofsState(tag);
        try {
            return Files.isRegularFile(file) ? Optional.of(JSON.readValue(file.toFile(), AttachedFolder.class))
                    : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Every recorded folder. */
    static List<AttachedFolder> readAll(QemuFiles files) throws IOException {
        List<AttachedFolder> all = new ArrayList<>();
        if (!Files.isDirectory(files.runDir())) return all;
        try (Stream<Path> list = Files.list(files.runDir())) {
            for (Path p : list.toList()) {
                String name = p.getFileName().toString();
                if (name.startsWith("vfs-") && name.endsWith(".json")) {
                    read(files, name.substring(4, name.length() - 5)).ifPresent(all::add);
                }
            }
        }
        return all;
    }

    /** Forgets the folder with this tag: its record and its socket. */
    static void forget(QemuFiles files, String tag) throws IOException {
        Files.deleteIfExists(files.virtiofsState(tag));
        Files.deleteIfExists(files.virtiofsSocket(tag));
    }

    /** Stops every recorded virtiofsd and forgets every folder, for a machine that no longer runs. */
    static void clearAll(QemuFiles files) throws IOException {
        for (AttachedFolder a : readAll(files)) {
            Virtiofsd.stop(a.pid());
            forget(files, a.folder().tag());
        }
    }
}
