package dev.berth.shell.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.berth.api.status.StatusProvider;
import dev.berth.api.status.SubsystemStatus;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/** The {@code berth:status} command: what runs, and each subsystem's state. */
@Component(service = StatusCommand.class, property = {
        "osgi.command.scope=berth", "osgi.command.function=status"})
public final class StatusCommand {
    private final List<StatusProvider> providers = new CopyOnWriteArrayList<>();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addProvider(StatusProvider provider) {
        providers.add(provider);
    }

    void removeProvider(StatusProvider provider) {
        providers.remove(provider);
    }

    /** Prints each subsystem's state as a table, or as JSON with {@code --json}. */
    @Descriptor("show what runs and each subsystem's state")
    public String status(
            @Descriptor("print JSON instead of a table")
            @Parameter(names = "--json", absentValue = "false", presentValue = "true") boolean json)
            throws JsonProcessingException {
        List<SubsystemStatus> all = StatusReport.collect(providers);
        return json ? StatusReport.json(all) : StatusReport.table(all);
    }
}
