package dev.berth.platform.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.api.hypervisor.Hypervisor;
import dev.berth.api.hypervisor.Machine;
import dev.berth.api.status.State;
import dev.berth.api.vm.SaveParticipant;
import dev.berth.api.vm.VirtualMachine;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.junit5.context.BundleContextExtension;

/**
 * The VM bundle's wiring to other bundles through the registry, with the real VM bundle and a backend of the test
 * that hands it a running machine: which backend it picks, in what order it asks the save participants, and what
 * happens when a bundle it depends on, or it itself, is restarted while the VM runs.
 */
@ExtendWith(BundleContextExtension.class)
class VmWiringTest {
    @InjectBundleContext
    BundleContext context;
    private VmRuntime runtime;

    @BeforeEach
    void stopTheVmBundle() throws Exception {
        runtime = new VmRuntime(context);
    }

    @AfterEach
    void restore() throws Exception {
        runtime.close();
    }

    @Test
    void theHighestRankedAvailableBackendIsTheOneUsed() throws Exception {
        ItestBackend fallback = new ItestBackend("itest-fallback", Optional.empty());
        ItestBackend unavailable = new ItestBackend("itest-unavailable", Optional.of("not on this host"));
        ItestBackend preferred = new ItestBackend("itest-preferred", Optional.empty());
        runtime.register(Hypervisor.class, fallback, 10);
        runtime.register(Hypervisor.class, unavailable, 100);
        runtime.register(Hypervisor.class, preferred, 50);
        runtime.vmBundle().start();

        runtime.await(State.RUNNING);
        assertEquals(1, preferred.reattached().size(), "the higher-ranked available backend reattached the VM");
        assertEquals("berth", preferred.reattached().getFirst().name());
        assertEquals(List.of(), fallback.reattached(), "the lower-ranked backend was not asked");
        assertEquals(List.of(), unavailable.reattached(), "the unavailable backend was passed over despite its ranking");
    }

    @Test
    void saveParticipantsAreAskedInRankingOrderAndReleasedInTheSameOrder() throws Exception {
        ItestBackend backend = new ItestBackend("itest", Optional.empty());
        runtime.register(Hypervisor.class, backend, 0);
        List<String> asked = new CopyOnWriteArrayList<>();
        List<String> released = new CopyOnWriteArrayList<>();
        List<Machine> seen = new CopyOnWriteArrayList<>();
        // registered out of order, so that registration order cannot pass for ranking order
        runtime.register(SaveParticipant.class, participant("vetoes", Optional.of("itest veto"), asked, released, seen), -5);
        runtime.register(SaveParticipant.class, participant("first", Optional.empty(), asked, released, seen), 100);
        runtime.register(SaveParticipant.class, participant("third", Optional.empty(), asked, released, seen), 0);
        runtime.register(SaveParticipant.class, participant("second", Optional.empty(), asked, released, seen), 10);
        runtime.vmBundle().start();
        VirtualMachine vm = runtime.await(State.RUNNING);

        vm.stop(Duration.ofSeconds(5));

        assertEquals(List.of("first", "second", "third", "vetoes"), asked);
        assertEquals(List.of("first", "second", "third"), released, "those prepared before the veto are released");
        ItestMachine machine = backend.machines().getLast();
        seen.forEach(m -> assertSame(machine, m, "each participant is given the running machine"));
        assertEquals("shut down", machine.exited().getNow("still running"), "a vetoed save shuts the VM down");
        assertEquals(State.STOPPED, vm.state());
    }

    @Test
    void aRestartedPlatformBundleIsBoundAgainAndTheVmIsReattached() throws Exception {
        ItestBackend backend = runningVm();
        ItestMachine machine = backend.machines().getLast();

        // the VM bundle holds the platform's Daemon and Settings: restarting the platform takes them away
        Bundle platform = runtime.bundle("berth.platform");
        platform.stop();
        assertTrue(machine.isAlive(), "the VM runs on while its manager is gone");
        assertNull(context.getServiceReference(VirtualMachine.class), "no VM service without the platform");
        platform.start();

        VirtualMachine vm = runtime.await(State.RUNNING);
        assertEquals(2, backend.reattached().size(), "the manager, bound again, reattached to the running VM");
        assertTrue(machine.isAlive());
        assertEquals(State.RUNNING, vm.state());
    }

    @Test
    void aRestartedVmBundleIsSeenAgainByTheShell() throws Exception {
        ItestBackend backend = runningVm();
        String before = status();
        assertTrue(before.contains("\"name\" : \"vm\""), "the shell's status shows the VM: " + before);

        runtime.vmBundle().stop();
        assertFalse(status().contains("\"name\" : \"vm\""), "the shell let go of the stopped bundle's status");
        assertTrue(backend.machines().getLast().isAlive(), "the VM runs on without the VM bundle");
        runtime.vmBundle().start();

        runtime.await(State.RUNNING);
        assertEquals(2, backend.reattached().size(), "the restarted bundle reattached to the same VM");
        String status = status();
        assertTrue(status.contains("\"name\" : \"vm\""), "the shell shows the restarted bundle's status: " + status);
    }

    /** The VM bundle started, running a VM it reattached to through a backend of its own. */
    private ItestBackend runningVm() throws Exception {
        ItestBackend backend = new ItestBackend("itest", Optional.empty());
        runtime.register(Hypervisor.class, backend, 0);
        runtime.vmBundle().start();
        runtime.await(State.RUNNING);
        return backend;
    }

    /** {@code berth:status --json} through Gogo, as the shell's command answers it. */
    private String status() throws Exception {
        var ref = context.getServiceReference(CommandProcessor.class);
        CommandProcessor processor = context.getService(ref);
        try {
            ByteArrayOutputStream buffer = new ByteArrayOutputStream();
            PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8);
            try (CommandSession session = processor.createSession(InputStream.nullInputStream(), out, out)) {
                return String.valueOf(session.execute("berth:status --json"));
            }
        } finally {
            context.ungetService(ref);
        }
    }

    private static SaveParticipant participant(String name, Optional<String> answer, List<String> asked,
            List<String> released, List<Machine> seen) {
        return new SaveParticipant() {
            @Override
            public Optional<String> beforeSave(Machine machine) {
                asked.add(name);
                seen.add(machine);
                return answer;
            }

            @Override
            public void saveAbandoned(Machine machine) {
                released.add(name);
            }
        };
    }
}
