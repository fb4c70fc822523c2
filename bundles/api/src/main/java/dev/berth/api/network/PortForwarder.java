package dev.berth.api.network;

import java.util.List;

/** Makes container ports appear on the host, and withdraws them again. */
public interface PortForwarder {
    /**
     * Publishes every binding of one owner, all or nothing.
     *
     * @return {@link PublishResult.Published} when every binding is open, else the first refusal (nothing of
     *     the owner's stays open)
     */
    PublishResult publish(String owner, List<PortBinding> bindings);

    /** Withdraws every binding of an owner; withdrawing an unknown owner is not an error. */
    void withdraw(String owner);

    /** Every binding currently open. */
    List<PublishedPort> published();
}
