package dev.berth.vm.internal;

import dev.berth.api.status.State;
import dev.berth.api.status.StatusEvents;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

/** The VM's lifecycle state, with notes for the user, announced on EventAdmin at every change. */
@Component(service = VmState.class)
public final class VmState {
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile EventAdmin events;
    private volatile State state = State.STOPPED;
    private volatile String detail = "";
    private volatile Instant since = Instant.now();
    private final List<String> notes = new CopyOnWriteArrayList<>();

    /** The current state. */
    State get() {
        return state;
    }

    /** Moves to {@code next}, with a sentence on why (may be empty), and announces it. */
    void set(State next, String why) {
        State previous;
        synchronized (this) {
            previous = state;
            state = next;
            detail = why == null ? "" : why;
            since = Instant.now();
            if (next == State.STARTING) notes.clear();
        }
        EventAdmin ea = events;
        if (ea != null && previous != next) {
            ea.postEvent(new Event(StatusEvents.TOPIC, Map.of(StatusEvents.SUBSYSTEM, "vm",
                    StatusEvents.STATE, next.name(), StatusEvents.PREVIOUS, previous.name(), StatusEvents.DETAIL, detail)));
        }
    }

    /** Adds a note the user should read, such as a setting that waits for a restart. */
    void note(String sentence) {
        if (!notes.contains(sentence)) notes.add(sentence);
    }

    /** Takes a note added with {@link #note} away. */
    void unnote(String sentence) {
        notes.remove(sentence);
    }

    /** The sentence on why the state is what it is. */
    String detail() {
        return detail;
    }

    /** When the state was entered. */
    Instant since() {
        return since;
    }

    /** The notes. */
    List<String> notes() {
        return List.copyOf(notes);
    }
}
