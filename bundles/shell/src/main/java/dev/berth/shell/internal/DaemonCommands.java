package dev.berth.shell.internal;

import dev.berth.api.daemon.Daemon;
import dev.berth.api.vm.VirtualMachine;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/** The {@code berth:version} and {@code berth:shutdown} commands. */
@Component(service = DaemonCommands.class, property = {
        "osgi.command.scope=berth", "osgi.command.function=version", "osgi.command.function=shutdown"})
public final class DaemonCommands {
    private final Daemon daemon;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile VirtualMachine vm;

    /** Uses the running daemon. */
    @Activate
    public DaemonCommands(@Reference Daemon daemon) {
        this.daemon = daemon;
    }

    /** Prints the daemon's version. */
    @Descriptor("show Berth's version")
    public String version() {
        return "Berth " + daemon.version() + " (Java " + Runtime.version() + ")";
    }

    /** Stops the VM (unless kept) and then the daemon. */
    @Descriptor("stop the daemon, and the VM unless --keep-vm is given")
    public String shutdown(
            @Descriptor("leave the VM running for the next daemon to reattach")
            @Parameter(names = "--keep-vm", absentValue = "false", presentValue = "true") boolean keepVm) {
        VirtualMachine machine = vm;
        if (!keepVm && machine != null) machine.stop();
        daemon.shutdown(!keepVm);
        return "Berth daemon (pid " + daemon.pid() + ") is stopping";
    }
}
