package dev.berth.api.status;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A subsystem's state at one moment, with the facts worth showing to a user.
 *
 * @param name   short subsystem name, such as {@code vm} or {@code engine}
 * @param state  the lifecycle state
 * @param detail one human sentence about the state; empty when there is nothing to add
 * @param facts  ordered name/value pairs such as {@code accelerator=tcg}
 * @param since  when the subsystem entered this state
 */
public record SubsystemStatus(String name, State state, String detail, Map<String, String> facts, Instant since) {
    /** Checks the components and copies the facts. */
    public SubsystemStatus {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(state, "state");
        detail = detail == null ? "" : detail;
        facts = facts == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(facts));
        since = since == null ? Instant.now() : since;
    }
}
