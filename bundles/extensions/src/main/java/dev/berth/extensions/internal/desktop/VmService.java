package dev.berth.extensions.internal.desktop;

import dev.berth.api.network.GuestSockets;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * An extension's service in the VM: a container of its {@code vm.image}, or the project of its {@code vm.composefile},
 * with a volume of its own at {@code /run/guest-services}, whose socket the host reaches through {@link GuestSockets}.
 */
final class VmService {
    /** Where the extension's service finds its sockets' folder, as in Docker Desktop. */
    static final String GUEST_SERVICES = "/run/guest-services";

    private VmService() {
    }

    /** The container's name, which {@code docker ps} shows. */
    static String container(String id) {
        return "berth-ext-" + id;
    }

    /**
     * The volume's name: short, because the host socket's name repeats the volume's path in the VM and a Unix
     * socket's path may not exceed 107 bytes.
     */
    static String volume(String id) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8));
            return "bx-" + HexFormat.of().formatHex(hash, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Where the extension's compose file is copied in its folder ({@code vm/} and the file's name). */
    static Path composeFile(Path dir, Metadata.Vm vm) {
        return dir.resolve("vm").resolve(Path.of(vm.composefile()).getFileName().toString());
    }

    /**
     * Runs the service (replacing one that runs) and gives the socket's path in the VM, or empty when it exposes none:
     * a {@code vm.image} as one container, a {@code vm.composefile} (copied into {@code dir}) as a Compose project.
     */
    static String start(Engine engine, Compose compose, String id, String image, Metadata.Vm vm, Path dir) throws IOException {
        String folder = engine.volume(volume(id));
        if (!vm.composefile().isEmpty()) {
            compose.up(id, image, composeFile(dir, vm), volume(id));
            return vm.socket().isEmpty() ? "" : folder + "/" + vm.socket();
        }
        engine.run(container(id), Map.of("Image", Engine.checkImage(vm.imageFor(image)),
                "Labels", Map.of("dev.berth.extension", id),
                "HostConfig", Map.of(
                        "Mounts", List.of(Map.of("Type", "volume", "Source", volume(id), "Target", GUEST_SERVICES)),
                        // the engine starts it again with the VM, as Docker Desktop keeps an extension's backend up
                        "RestartPolicy", Map.of("Name", "unless-stopped"))));
        return vm.socket().isEmpty() ? "" : folder + "/" + vm.socket();
    }

    /** Makes the service's socket reachable on the host, giving the host socket's path. */
    static String reach(GuestSockets sockets, String guestSocket) throws IOException {
        if (sockets == null) throw new IOException("the network bundle, which carries the VM's sockets to the host, is not running");
        return sockets.forward(guestSocket).toString();
    }

    /** Removes the service's containers (its Compose project's, when it has one) and its volume. */
    static void stop(Engine engine, Compose compose, String id, Path dir, Metadata.Vm vm) throws IOException {
        if (!vm.composefile().isEmpty()) compose.down(id, composeFile(dir, vm).resolveSibling(Compose.FILE));
        engine.remove(container(id));
        engine.removeVolume(volume(id));
    }
}
