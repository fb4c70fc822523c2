package dev.berth.api.network;

import java.util.List;

/** Makes container ports appear on the host, and withdraws them again. */
public interface PortForwarder {
    /**
     * Publishes every binding of one owner, all or nothing; bindings the owner already has are kept as they are.
     *
     * @param owner    who asks, usually a container id
     * @param label    a human name for the owner, such as a container name
     * @param bindings the ports to open
     * @return {@link PublishResult.Published} when every binding is open, else the first refusal (nothing this call
     *     opened stays open)
     */
    PublishResult publish(String owner, String label, List<PortBinding> bindings);

    /** Withdraws every binding of an owner; withdrawing an unknown owner is not an error. */
    void withdraw(String owner);

    /** Every binding currently open. */
    List<PublishedPort> published();
}
