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
}
