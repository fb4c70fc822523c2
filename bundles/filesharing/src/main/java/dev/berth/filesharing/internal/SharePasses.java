package dev.berth.filesharing.internal;

import dev.berth.api.hypervisor.Machine;
import dev.berth.api.hypervisor.SharedFolders;
import dev.berth.api.status.State;
import dev.berth.api.vm.GuestAgent;
import dev.berth.api.vm.GuestChannel;
import dev.berth.api.vm.VirtualMachine;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.log.Logger;

/**
 * Brings the running VM's shares in line with the wanted ones, one pass at a time on a thread of its own (at once
 * when asked, else every 30 s), and takes them all out before the VM's state is saved.
 */
final class SharePasses {
    private final VirtualMachine vm;
    private final GuestChannel guest;
    private final ForwardingSlot forwarding;
    private final ShareStatus status;
    private final Supplier<ShareSettings.Result> wanted;
    private final Supplier<EventAdmin> events;
    private final Logger log;
    private final ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().daemon().name("berth-filesharing").unstarted(r));
    private volatile AppliedShares applied;
    /** The shares the last pass found mounted, and in which machine. */
    private volatile MountedShares mounted = MountedShares.NONE;
    /** The machine whose state is being saved: its shares were taken out and must stay out. */
    private volatile Machine saving;

    SharePasses(VirtualMachine vm, GuestChannel guest, ForwardingSlot forwarding, ShareStatus status,
                Supplier<ShareSettings.Result> wanted, Supplier<EventAdmin> events, Logger log) {
        this.vm = vm;
        this.guest = guest;
        this.forwarding = forwarding;
        this.status = status;
        this.wanted = wanted;
        this.events = events;
        this.log = log;
    }

    /** Runs the first pass now and one every 30 s after it. */
    void start() {
        worker.scheduleWithFixedDelay(this::apply, 0, 30, TimeUnit.SECONDS);
    }

    /** Runs a pass as soon as the one under way, if any, is done. */
    void request() {
        worker.execute(this::apply);
    }

    /** Stops the passes. */
    void close() {
        worker.shutdownNow();
    }

    /**
     * One pass over the VM. The shares are mounted as soon as the guest agent answers, while the engine still
     * starts, so that they are in place when Berth reports ready.
     */
    private void apply() {
        ShareSettings.Result wanted = this.wanted.get();
        State vmState = vm.state();
        if (vmState == State.STOPPING) return; // a save may be asking which shares containers use: keep watching
        boolean starting = vmState == State.STARTING;
        Optional<Machine> machine = starting || vmState == State.RUNNING ? vm.machine() : Optional.empty();
        if (machine.isEmpty()) {
            mounted = MountedShares.NONE;
            forwarding.close();
            if (starting) worker.schedule(this::apply, 1, TimeUnit.SECONDS);
            List<String> notes = new ArrayList<>(wanted.problems());
            notes.add("the shares are mounted when the VM runs");
            status.set(State.STOPPED, String.join("; ", notes), events.get());
            applied = new AppliedShares(wanted.shares(), false, Optional.empty());
            return;
        }
        if (machine.get() == saving || paused(machine.get())) return;
        Optional<SharedFolders> folders = machine.get().sharedFolders();
        Optional<GuestAgent> agent = guest.agent();
        if (folders.isEmpty() || agent.isEmpty()) {
            status.set(State.FAILED, "the VM's hypervisor backend cannot share folders while the VM runs", events.get());
            applied = new AppliedShares(wanted.shares(), true, Optional.empty());
            return;
        }
        if (status.state() != State.RUNNING) status.set(State.STARTING, "mounting the shares", events.get());
        try {
            ShareReconciler.Outcome outcome = new ShareReconciler(folders.get(), new GuestMounts(agent.get()))
                    .apply(wanted.shares());
            List<String> problems = new ArrayList<>(wanted.problems());
            outcome.failures().forEach((path, why) -> problems.add(why));
            outcome.leftovers().forEach(why -> problems.add(why + "; restart the VM to remove it: berth vm restart"));
            String noEvents = forwarding.forwardTo(machine.get());
            if (noEvents != null) problems.add(noEvents);
            if (!outcome.clean()) log.warn("file sharing: {}", String.join("; ", problems));
            status.set(outcome.failures().isEmpty() ? State.RUNNING : State.FAILED, String.join("; ", problems), events.get());
            applied = new AppliedShares(wanted.shares(), true, Optional.of(outcome));
            mounted = MountedShares.of(machine.get().pid(), wanted.shares(), outcome);
        } catch (IOException | RuntimeException e) {
            if (starting) {
                worker.schedule(this::apply, 1, TimeUnit.SECONDS);
                return;
            }
            log.warn("file sharing: cannot reach the VM: {}", e.getMessage());
            status.set(State.FAILED, "cannot reach the VM to mount the shares: " + e.getMessage(), events.get());
            applied = new AppliedShares(wanted.shares(), true, Optional.empty());
        }
    }

    /**
     * Takes every share out of {@code machine}, whose state is about to be saved, and keeps them out until the
     * save is abandoned; empty when all are out, else why not.
     */
    Optional<String> takeOut(Machine machine, SharedFolders folders, GuestAgent agent) {
        try {
            return worker.submit(() -> {
                saving = machine;
                mounted = MountedShares.NONE;
                forwarding.close();
                ShareReconciler.Outcome outcome = new ShareReconciler(folders, new GuestMounts(agent))
                        .apply(List.of());
                return outcome.clean() ? Optional.<String>empty()
                        : Optional.of("the shared folders could not be taken out: " + String.join("; ", outcome.leftovers()));
            }).get(2, TimeUnit.MINUTES);
        } catch (Exception e) {
            return Optional.of("the shared folders could not be taken out: " + e.getMessage());
        }
    }

    /** The save did not happen: the shares come back with the next pass. */
    void saveAbandoned() {
        saving = null;
        request();
    }

    /** A VM paused while idle cannot answer; its shares stay as they are until it runs again. */
    private static boolean paused(Machine machine) {
        try {
            return machine.suspension().isPresent() && machine.suspension().get().paused();
        } catch (IOException e) {
            return false;
        }
    }

    /** What the last pass found; null before the first. */
    AppliedShares applied() {
        return applied;
    }

    /** The shares the last pass found mounted. */
    MountedShares mounted() {
        return mounted;
    }
}
