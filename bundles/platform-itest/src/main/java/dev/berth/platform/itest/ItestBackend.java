package dev.berth.platform.itest;

import dev.berth.api.hypervisor.Accelerator;
import dev.berth.api.hypervisor.Hypervisor;
import dev.berth.api.hypervisor.Machine;
import dev.berth.api.hypervisor.MachineSpec;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A hypervisor backend of these tests: it launches nothing, and on reattach hands back an {@link ItestMachine} that
 * stands for a VM an earlier daemon left running, recording every spec it was asked about.
 */
final class ItestBackend implements Hypervisor {
    private final String name;
    private final Optional<String> unavailable;
    private final List<MachineSpec> reattached = new CopyOnWriteArrayList<>();
    private final List<ItestMachine> machines = new CopyOnWriteArrayList<>();

    ItestBackend(String name, Optional<String> unavailable) {
        this.name = name;
        this.unavailable = unavailable;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Accelerator accelerator() {
        return Accelerator.TCG;
    }

    @Override
    public Optional<String> unavailableReason() {
        return unavailable;
    }

    @Override
    public Machine launch(MachineSpec spec) throws IOException {
        throw new IOException("the " + name + " test backend launches no machines");
    }

    @Override
    public Optional<Machine> reattach(MachineSpec spec) {
        reattached.add(spec);
        ItestMachine machine = new ItestMachine(spec);
        machines.add(machine);
        return Optional.of(machine);
    }

    /** The specs the VM bundle asked this backend to reattach to, in order. */
    List<MachineSpec> reattached() {
        return List.copyOf(reattached);
    }

    /** The machines handed out, the latest last. */
    List<ItestMachine> machines() {
        return List.copyOf(machines);
    }
}
