package dev.berth.shell.internal;

import dev.berth.api.engine.EngineEndpoint;
import dev.berth.api.status.State;
import dev.berth.api.vm.VirtualMachine;
import dev.berth.api.tools.HostTool;
import dev.berth.api.tools.HostToolset;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import java.io.PrintStream;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/** The {@code berth:ready} command that {@code berth start} runs: starts the VM if needed and waits for it. */
@Component(service = ReadyCommand.class, property = {"osgi.command.scope=berth", "osgi.command.function=ready"})
public final class ReadyCommand {
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile VirtualMachine vm;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile HostToolset tools;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile EngineEndpoint engine;

    /** Starts the VM unless it runs, printing progress, and returns once Berth is ready. */
    @Descriptor("start the VM if needed and wait until Berth is ready")
    public String ready(CommandSession session,
            @Descriptor("restart the VM first, booting afresh (settings that need a restart apply)")
            @Parameter(names = "--restart", absentValue = "false", presentValue = "true") boolean restart)
            throws IOException {
        VirtualMachine machine = vm;
        if (machine == null) return "Berth is ready (no VM bundle installed)";
        PrintStream out = session.getConsole();
        if (restart) {
            machine.restart(new ProgressPrinter(out));
        } else if (machine.state() != State.RUNNING) {
            machine.start(new ProgressPrinter(out));
        }
        return portsReady() + "Berth is ready" + toolsReady();
    }

    /** Waits until the running containers' published ports answer on the host, as a user's first curl expects. */
    private String portsReady() {
        EngineEndpoint endpoint = engine;
        if (endpoint == null) return "";
        try {
            endpoint.portsPublished().toCompletableFuture().get(60, TimeUnit.SECONDS);
            return "";
        } catch (ExecutionException | TimeoutException e) {
            return "the running containers' ports are not all published yet (berth ports shows them)\n";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    /** Waits for the host tools, which are usually in place long before the VM; a failure is told, not thrown. */
    private String toolsReady() {
        HostToolset toolset = tools;
        if (toolset == null) return "";
        try {
            List<HostTool> installed = toolset.installed().toCompletableFuture().get(10, TimeUnit.MINUTES);
            return installed.stream().filter(t -> t.name().startsWith("docker") && !t.name().contains("credential"))
                    .map(t -> "\n" + t.name() + " " + t.version() + ": " + t.path()).collect(Collectors.joining());
        } catch (ExecutionException e) {
            return "\nthe docker CLI and its plugins are not in place: " + e.getCause().getMessage()
                    + " (berth logs shows more; berth start tries again)";
        } catch (TimeoutException e) {
            return "\nthe docker CLI and its plugins are still being put in place (berth status tools shows them)";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }
}
