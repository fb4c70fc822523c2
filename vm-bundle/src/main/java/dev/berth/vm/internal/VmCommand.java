package dev.berth.vm.internal;

import dev.berth.api.status.SubsystemStatus;
import java.io.IOException;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** The {@code berth:vm} command: the VM's status, start, stop, restart and console. */
@Component(service = VmCommand.class, property = {"osgi.command.scope=berth", "osgi.command.function=vm"})
public final class VmCommand {
    private final VmManager vm;

    /** Uses the VM manager. */
    @Activate
    public VmCommand(@Reference VmManager vm) {
        this.vm = vm;
    }

    /** Shows the VM's state and facts. */
    @Descriptor("show the VM's state, accelerator, resources and engine endpoint")
    public String vm() {
        SubsystemStatus s = vm.status();
        StringBuilder b = new StringBuilder("state: ").append(s.state().name().toLowerCase(java.util.Locale.ROOT));
        if (!s.detail().isEmpty()) b.append(" (").append(s.detail()).append(')');
        s.facts().forEach((k, v) -> b.append('\n').append(k).append(": ").append(v));
        b.append("\nconsole: ").append(vm.consoleLog());
        return b.toString();
    }

    /** Runs an action on the VM. */
    @Descriptor("start, stop or restart the VM, or show its console (console [-n LINES])")
    public String vm(CommandSession session,
                     @Descriptor("lines of console to show")
                     @Parameter(names = {"-n", "--lines"}, absentValue = "40") int lines,
                     @Descriptor("status, start, stop, restart or console") String action) throws Exception {
        return switch (action) {
            case "status" -> vm();
            case "start" -> String.valueOf(session.execute("berth:ready"));
            case "stop" -> {
                vm.stop(vm.shutdownTimeout());
                yield "the VM is " + vm.state().name().toLowerCase(java.util.Locale.ROOT);
            }
            case "restart" -> String.valueOf(session.execute("berth:ready --restart"));
            case "console" -> ConsoleTail.last(vm.consoleLog(), lines);
            default -> throw new IOException("unknown action '" + action + "': use status, start, stop, restart or console");
        };
    }

}
