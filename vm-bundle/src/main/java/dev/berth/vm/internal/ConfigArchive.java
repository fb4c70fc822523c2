package dev.berth.vm.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.api.settings.Settings;
import dev.berth.vm.internal.image.CpioWriter;
import dev.berth.vm.internal.tls.EngineCertificates;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The per-boot configuration: a cpio archive appended to the initrd whose {@code /config} tree the initramfs
 * copies over the guest's root (TLS material for dockerd and its daemon.json).
 */
final class ConfigArchive {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ConfigArchive() {
    }

    /**
     * The user's daemon.json text (setting {@code engine.daemonJson}), read from the settings: ConfigAdmin's
     * section {@code engine} belongs to the engine component and does not reach the VM's.
     */
    static String userDaemonJson(Settings settings) {
        Object text = settings.current().getOrDefault("engine", Map.of()).get("daemonJson");
        return text == null ? "" : text.toString();
    }

    /**
     * Writes the archive.
     *
     * @param daemonJson the user's daemon.json text, merged over Berth's defaults; empty for the defaults
     * @return the merged daemon.json the archive holds
     * @throws IOException when daemonJson is not a JSON object (the message says so)
     */
    static byte[] write(Path target, EngineCertificates certs, String daemonJson) throws IOException {
        byte[] merged = daemonJson(daemonJson);
        List<CpioWriter.Entry> entries = List.of(
                new CpioWriter.Directory("config", 0755),
                new CpioWriter.Directory("config/etc", 0755),
                new CpioWriter.Directory("config/etc/docker", 0755),
                new CpioWriter.Directory("config/etc/docker/tls", 0700),
                new CpioWriter.BytesFile("config/etc/docker/tls/ca.pem", 0644, Files.readAllBytes(certs.ca())),
                new CpioWriter.BytesFile("config/etc/docker/tls/server-cert.pem", 0644, Files.readAllBytes(certs.serverCert())),
                new CpioWriter.BytesFile("config/etc/docker/tls/server-key.pem", 0600, Files.readAllBytes(certs.serverKey())),
                new CpioWriter.BytesFile("config/etc/docker/daemon.json", 0644, merged));
        Files.createDirectories(target.getParent());
        new CpioWriter(0).write(entries, target, false);
        Files.setPosixFilePermissions(target, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        return merged;
    }

    /** Berth's defaults with the user's daemon.json on top. */
    static byte[] daemonJson(String user) throws IOException {
        ObjectNode merged = JSON.createObjectNode();
        merged.put("storage-driver", "overlay2");
        merged.put("log-driver", "json-file");
        merged.putObject("log-opts").put("max-size", "10m").put("max-file", "3");
        // Published ports arrive through Berth's port relay on the guest's loopback address: iptables carries them on
        // to the container in the kernel, without a docker-proxy process copying every byte under emulation.
        merged.put("userland-proxy", false);
        // Engine 28 mirrors every IPv4 rule for IPv6 (60 of the ~190 iptables runs at boot, each ~0.15 s under
        // TCG); the VM's network carries no IPv6 to containers, and Engine 20.10 did not do it either.
        merged.put("ip6tables", false);
        if (user != null && !user.isBlank()) {
            var tree = JSON.readTree(user);
            if (!(tree instanceof ObjectNode userObject)) {
                throw new IOException("engine.daemonJson must be a JSON object, such as {\"debug\": true}");
            }
            merged.setAll(userObject);
        }
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(merged).getBytes(StandardCharsets.UTF_8);
    }
}
