package dev.berth.network.internal;

import dev.berth.api.network.PortBinding;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Checks whether a host port can be bound right now, the way the forward will bind it. */
final class PortProbe {
    private PortProbe() {
    }

    /** Whether nothing else holds {@code binding}'s host address and port. */
    static boolean free(PortBinding binding) {
        try {
            InetSocketAddress at = new InetSocketAddress(InetAddress.getByName(binding.hostIp()), binding.hostPort());
            switch (binding.protocol()) {
                case TCP -> {
                    try (ServerSocket s = new ServerSocket()) {
                        s.setReuseAddress(true);
                        s.bind(at);
                    }
                }
                case UDP -> {
                    try (DatagramSocket s = new DatagramSocket(null)) {
                        s.bind(at);
                    }
                }
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Docker's words for a port someone else holds. */
    static String allocated(PortBinding binding) {
        return "Bind for " + binding.hostIp() + ":" + binding.hostPort() + " failed: port is already allocated";
    }
}
