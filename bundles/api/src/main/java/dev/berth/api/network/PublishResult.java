package dev.berth.api.network;

/** The outcome of {@link PortForwarder#publish}. */
public sealed interface PublishResult {
    /** Every binding is open. */
    record Published() implements PublishResult {
    }

    /**
     * A binding could not be opened.
     *
     * @param binding the binding refused
     * @param reason  Docker's wording, such as {@code Bind for 0.0.0.0:8080 failed: port is already allocated}
     */
    record Refused(PortBinding binding, String reason) implements PublishResult {
    }
}
