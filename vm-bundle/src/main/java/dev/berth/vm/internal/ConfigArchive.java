package dev.berth.vm.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.api.image.ArchiveEntry;
import dev.berth.api.image.GuestImageBuilder;
import dev.berth.vm.internal.tls.EngineCertificates;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The per-boot configuration: a cpio archive appended to the initrd whose {@code /config} tree the initramfs
 * copies over the guest's root: TLS material for dockerd and its daemon.json, whose keys the guest contributions
 * give at every boot.
 */
final class ConfigArchive {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The daemon.json a boot now would get. */
    @FunctionalInterface
    interface DaemonJson {
        /** Its bytes; fails when the contributions' keys clash or one cannot give them. */
        byte[] get() throws IOException;
    }

    private ConfigArchive() {
    }

    /**
     * Writes the archive with the image builder, which owns the cpio format.
     *
     * @param merged the daemon.json text (see {@link #daemonJson})
     */
    static void write(GuestImageBuilder builder, Path target, EngineCertificates certs, byte[] merged)
            throws IOException {
        List<ArchiveEntry> entries = List.of(
                ArchiveEntry.folder("config", 0755),
                ArchiveEntry.folder("config/etc", 0755),
                ArchiveEntry.folder("config/etc/docker", 0755),
                ArchiveEntry.folder("config/etc/docker/tls", 0700),
                ArchiveEntry.file("config/etc/docker/tls/ca.pem", 0644, Files.readAllBytes(certs.ca())),
                ArchiveEntry.file("config/etc/docker/tls/server-cert.pem", 0644, Files.readAllBytes(certs.serverCert())),
                ArchiveEntry.file("config/etc/docker/tls/server-key.pem", 0600, Files.readAllBytes(certs.serverKey())),
                ArchiveEntry.file("config/etc/docker/daemon.json", 0644, merged));
        Files.createDirectories(target.getParent());
        builder.writeArchive(entries, target);
        Files.setPosixFilePermissions(target, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    }

    /**
     * The guest's own defaults with the keys bundles contribute on top (the engine bundle's carry the user's
     * {@code engine.daemonJson}, so they may replace a default).
     */
    static byte[] daemonJson(Map<String, Object> contributed) throws IOException {
        ObjectNode merged = JSON.createObjectNode();
        // overlay2 on the ext4 data disk, and logs that cannot fill it
        merged.put("storage-driver", "overlay2");
        merged.put("log-driver", "json-file");
        merged.putObject("log-opts").put("max-size", "10m").put("max-file", "3");
        // Engine 28 mirrors every IPv4 rule for IPv6 (60 of the ~190 iptables runs at boot, each ~0.15 s under
        // TCG); the VM's network carries no IPv6 to containers, and Engine 20.10 did not do it either.
        merged.put("ip6tables", false);
        merged.setAll((ObjectNode) JSON.valueToTree(contributed));
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(merged).getBytes(StandardCharsets.UTF_8);
    }
}
