package dev.berth.api.hypervisor;

import java.util.Locale;

/** A transport protocol of a forwarded port. */
public enum Protocol {
    /** Transmission Control Protocol. */
    TCP,
    /** User Datagram Protocol. */
    UDP;

    /** The lower-case name used by Docker, such as {@code tcp}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
