package dev.berth.network.internal.relay;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * What the relay refused to carry because the guest or a client went past a limit, counted for the network status
 * and {@code berth ports}; each stream closed for it is logged once, datagram drops once per listener and kind.
 */
final class RelayCounters {
    static final String STREAMS_CLOSED = "streams closed for exceeding limits";
    static final String DATAGRAMS_DROPPED = "datagrams dropped";
    static final String AT_FLOW_CAP = "of them from new senders past the flow cap";
    private final Consumer<String> log;
    private final AtomicLong streamsClosed = new AtomicLong();
    private final AtomicLong datagramsDropped = new AtomicLong();
    private final AtomicLong flowsRefused = new AtomicLong();

    /** Counters that log through {@code log}. */
    RelayCounters(Consumer<String> log) {
        this.log = log;
    }

    /** A stream was closed because the guest broke the protocol's limits. */
    void streamClosed(int id, String reason) {
        // logged before counted: whoever reads the count then finds the line
        log.accept("relay stream " + id + " closed: " + reason);
        streamsClosed.incrementAndGet();
    }

    /** A datagram was dropped; {@code warning} is logged when not null. */
    void datagramDropped(String warning) {
        if (warning != null) log.accept(warning);
        datagramsDropped.incrementAndGet();
    }

    /** A new sender's datagram was dropped because its port has as many flows as it may. */
    void flowRefused(String warning) {
        datagramDropped(warning);
        flowsRefused.incrementAndGet();
    }

    /** Each count by name, in a stable order. */
    Map<String, Long> snapshot() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put(STREAMS_CLOSED, streamsClosed.get());
        m.put(DATAGRAMS_DROPPED, datagramsDropped.get());
        m.put(AT_FLOW_CAP, flowsRefused.get());
        return m;
    }
}
