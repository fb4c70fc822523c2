package dev.berth.network.internal;

import dev.berth.api.network.PortBinding;
import dev.berth.api.network.PublishedPort;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/** The ports currently published, by owner. */
final class PortTable {
    private final List<PublishedPort> ports = new CopyOnWriteArrayList<>();

    boolean has(String owner, PortBinding binding) {
        return ports.stream().anyMatch(p -> p.owner().equals(owner) && p.binding().equals(binding));
    }

    /** The owner that holds the same host address, port and protocol, if any. */
    Optional<String> holder(PortBinding binding) {
        return ports.stream().filter(p -> clash(p.binding(), binding)).map(PublishedPort::owner).findFirst();
    }

    private static boolean clash(PortBinding a, PortBinding b) {
        boolean anyAddress = a.hostIp().equals("0.0.0.0") || b.hostIp().equals("0.0.0.0") || a.hostIp().equals(b.hostIp());
        return a.protocol() == b.protocol() && a.hostPort() == b.hostPort() && anyAddress;
    }

    void put(PublishedPort port) {
        ports.add(port);
    }

    void remove(String owner, PortBinding binding) {
        ports.removeIf(p -> p.owner().equals(owner) && p.binding().equals(binding));
    }

    List<PublishedPort> of(String owner) {
        return ports.stream().filter(p -> p.owner().equals(owner)).toList();
    }

    List<PublishedPort> all() {
        List<PublishedPort> copy = new ArrayList<>(ports);
        copy.sort(Comparator.comparingInt((PublishedPort p) -> p.binding().hostPort()));
        return copy;
    }

    void clear() {
        ports.clear();
    }
}
