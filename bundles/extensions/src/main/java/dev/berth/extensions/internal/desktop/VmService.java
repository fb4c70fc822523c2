package dev.berth.extensions.internal.desktop;

import dev.berth.api.network.GuestSockets;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * An extension's service in the VM: a container of its {@code vm.image} with a volume of its own at
 * {@code /run/guest-services}, whose socket the host reaches through {@link GuestSockets}.
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

    /**
     * Runs the service (replacing one that runs) and gives the socket's path in the VM, or empty when it exposes none.
     *
     * @throws IllegalArgumentException when it is a compose file, which Berth does not run yet
     */
    static String start(Engine engine, String id, String image, Metadata.Vm vm) throws IOException {
        if (!vm.composefile().isEmpty()) {
            throw new IllegalArgumentException("its VM service is a compose file (vm.composefile), which Berth does not run yet");
        }
        String folder = engine.volume(volume(id));
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

    /** Removes the service's container and volume. */
    static void stop(Engine engine, String id) throws IOException {
        engine.remove(container(id));
        engine.removeVolume(volume(id));
    }
}
