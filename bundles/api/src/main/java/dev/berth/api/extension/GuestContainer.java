package dev.berth.api.extension;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A container an extension runs in Berth's VM, as {@link ExtensionGuestService} describes it: Berth names it
 * {@code berth-ext-<bundle symbolic name>-<name>}, starts it whenever the engine answers, lets the engine restart it
 * with the VM (restart policy {@code unless-stopped}) and removes it when the service goes away.
 *
 * @param name          the container's name within the extension: lower-case letters, digits and dashes
 * @param image         the image, pulled when the engine does not have it, such as {@code busybox:1.37}
 * @param command       the command, or empty for the image's own
 * @param environment   environment variables for the container
 * @param guestServices whether the container gets a volume of its own at {@code /run/guest-services}, where Docker
 *                      Desktop's extension backends keep their sockets
 * @since 1.4
 */
public record GuestContainer(String name, String image, List<String> command, Map<String, String> environment,
                             boolean guestServices) {
    /** What a name may look like: it is the last part of the container's name. */
    public static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

    /** Checks the name and copies the lists. */
    public GuestContainer {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("'" + name + "' is no guest container name (lower-case letters, digits and dashes)");
        }
        if (image == null || image.isBlank()) throw new IllegalArgumentException("the guest container " + name + " names no image");
        command = List.copyOf(command);
        environment = Map.copyOf(environment);
    }

    /** A container of the image running its own command, with no guest-services volume. */
    public static GuestContainer of(String name, String image, String... command) {
        return new GuestContainer(name, image, List.of(command), Map.of(), false);
    }
}
