package dev.berth.filesharing.internal;

import dev.berth.api.status.State;
import dev.berth.api.status.StatusEvents;
import dev.berth.api.status.SubsystemStatus;
import java.time.Instant;
import java.util.Map;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

/** The file-sharing subsystem's state, announced on EventAdmin at every change. */
final class ShareStatus {
    static final String NAME = "filesharing";
    private State state = State.STOPPED;
    private String detail = "";
    private Instant since = Instant.now();

    /** Moves to {@code next} with a sentence on why, announcing a change of state through {@code events}. */
    void set(State next, String why, EventAdmin events) {
        State previous;
        synchronized (this) {
            previous = state;
            if (previous != next) since = Instant.now();
            state = next;
            detail = why == null ? "" : why;
        }
        if (events != null && previous != next) {
            events.postEvent(new Event(StatusEvents.TOPIC, Map.of(StatusEvents.SUBSYSTEM, NAME,
                    StatusEvents.STATE, next.name(), StatusEvents.PREVIOUS, previous.name(), StatusEvents.DETAIL, detail)));
        }
    }

    /** The current state. */
    synchronized State state() {
        return state;
    }

    /** The status line, with the given facts. */
    synchronized SubsystemStatus snapshot(Map<String, String> facts) {
        return new SubsystemStatus(NAME, state, detail, facts, since);
    }
}
