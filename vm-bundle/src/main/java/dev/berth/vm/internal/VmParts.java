package dev.berth.vm.internal;

import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.osgi.service.log.Logger;

/**
 * The parts of the VM manager that its start, stop and crash sequences share, among them the machine that runs
 * now ({@code running}, empty while none does), which a start or reattach sets and a stop or an exit clears.
 */
record VmParts(VmFiles files, Logger log, HypervisorChoice hypervisors, MachineLauncher launcher, StateKeeper keeper,
               VmState state, Lifecycle lifecycle, EngineRoute engine, GuestHousekeeping guest, IdleWatch idle,
               EngineHealth health, Supplier<VmConfig> config, AtomicReference<MachineLauncher.Launched> running) {
}
