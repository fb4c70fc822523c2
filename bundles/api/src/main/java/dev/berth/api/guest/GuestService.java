package dev.berth.api.guest;

/**
 * A long-running program of the guest that init starts at boot and restarts when it exits.
 *
 * @param name    a short name, unique in the guest, such as {@code portd}
 * @param command the command line, such as {@code /usr/libexec/berth/portd}
 */
public record GuestService(String name, String command) {
    /** Checks the name and that the command fits one inittab line. */
    public GuestService {
        if (name == null || !name.matches("[a-z0-9][a-z0-9._-]*")) throw new IllegalArgumentException("service name " + name);
        if (command == null || command.isBlank() || command.contains("\n")) {
            throw new IllegalArgumentException("service " + name + " needs a command on one line");
        }
    }
}
