package dev.berth.api.status;

/** Topic and property names of the EventAdmin events that announce subsystem state changes. */
public interface StatusEvents {
    /** Topic of every state change; events carry the properties below. */
    String TOPIC = "dev/berth/status/CHANGED";
    /** Subsystem name ({@link String}). */
    String SUBSYSTEM = "subsystem";
    /** New state name ({@link String}, a {@link State} constant). */
    String STATE = "state";
    /** Previous state name ({@link String}). */
    String PREVIOUS = "previous";
    /** Human sentence on why ({@link String}). */
    String DETAIL = "detail";
}
