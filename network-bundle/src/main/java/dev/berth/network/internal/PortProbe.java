package dev.berth.network.internal;

import dev.berth.api.network.PortBinding;

/** Docker's words for a host port that cannot be published. */
final class PortProbe {
    private PortProbe() {
    }

    /** Docker's words for a port someone else holds. */
    static String allocated(PortBinding binding) {
        return "Bind for " + binding.hostIp() + ":" + binding.hostPort() + " failed: port is already allocated";
    }

    /**
     * Docker's words for a host port that could not be listened on, with the true reason: another program holds
     * it, or the user may not bind it (ports below the kernel's {@code net.ipv4.ip_unprivileged_port_start}).
     */
    static String refused(PortBinding binding, java.io.IOException e) {
        String why = String.valueOf(e.getMessage());
        if (why.contains("Permission denied")) {
            return "Bind for " + binding.hostIp() + ":" + binding.hostPort() + " failed: permission denied: only root "
                    + "may listen on ports below " + unprivilegedStart() + " on this host. Publish a higher host port "
                    + "(for example -p " + (binding.hostPort() + 8000) + ":" + binding.guestPort() + "), or let users "
                    + "bind it: sudo sysctl net.ipv4.ip_unprivileged_port_start=" + binding.hostPort();
        }
        if (why.contains("Address already in use")) return allocated(binding);
        return "Bind for " + binding.hostIp() + ":" + binding.hostPort() + " failed: " + why;
    }

    /**
     * The lowest port a normal user may listen on, as the kernel says (1024 when it cannot be read). Read by lines:
     * {@code Files.readString} gets only the first byte of a sysctl file, whose size the kernel reports as 0.
     */
    static int unprivilegedStart() {
        try {
            return Integer.parseInt(java.nio.file.Files.readAllLines(
                    java.nio.file.Path.of("/proc/sys/net/ipv4/ip_unprivileged_port_start")).getFirst().strip());
        } catch (java.io.IOException | NumberFormatException | java.util.NoSuchElementException e) {
            return 1024;
        }
    }
}
