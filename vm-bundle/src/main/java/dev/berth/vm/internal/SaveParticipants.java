package dev.berth.vm.internal;

import dev.berth.api.vm.SaveParticipant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.log.Logger;

/**
 * The registered {@link SaveParticipant}s, looked up when a save begins (they use the VM, so a reference would be a
 * cycle) and ordered by service ranking, highest first.
 */
final class SaveParticipants {
    private SaveParticipants() {
    }

    /** Runs {@code action} with the participants, and releases them afterwards. */
    static <T> T with(BundleContext context, Logger log, Function<List<SaveParticipant>, T> action) {
        List<ServiceReference<SaveParticipant>> refs = new ArrayList<>();
        List<SaveParticipant> participants = new ArrayList<>();
        try {
            refs.addAll(context.getServiceReferences(SaveParticipant.class, null));
            refs.sort(Comparator.reverseOrder());
        } catch (InvalidSyntaxException | IllegalStateException e) {
            log.warn("cannot look up the save participants: {}", e.toString());
        }
        try {
            for (ServiceReference<SaveParticipant> ref : refs) {
                SaveParticipant p = context.getService(ref);
                if (p != null) participants.add(p);
            }
            return action.apply(participants);
        } finally {
            for (ServiceReference<SaveParticipant> ref : refs) {
                try {
                    context.ungetService(ref);
                } catch (IllegalStateException e) {
                    // the framework is stopping
                }
            }
        }
    }
}
