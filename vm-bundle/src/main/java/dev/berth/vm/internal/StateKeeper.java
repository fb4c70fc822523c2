package dev.berth.vm.internal;

import dev.berth.api.hypervisor.Hypervisor;
import dev.berth.api.hypervisor.Machine;
import dev.berth.api.hypervisor.Suspension;
import dev.berth.api.vm.SaveParticipant;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.osgi.service.log.Logger;

/**
 * Saves the VM's state at {@code berth stop} and resumes from it at the next start when it still fits the machine
 * that start would boot; a state is used once, and one that does not fit or does not load is discarded with the
 * reason, for a cold boot.
 */
final class StateKeeper {
    private final ConfigArchive.DaemonJson daemonJson;
    private final VmFiles files;
    private final MachineLauncher launcher;
    private final Logger log;
    private volatile String lastBoot = "";

    StateKeeper(VmFiles files, MachineLauncher launcher, ConfigArchive.DaemonJson daemonJson, Logger log) {
        this.daemonJson = daemonJson;
        this.files = files;
        this.launcher = launcher;
        this.log = log;
    }

    /** Whether a saved state waits to be resumed (it may still not fit). */
    boolean hasState() {
        return Files.isRegularFile(files.savedState());
    }

    /** How the last start booted: restored, or cold and why. */
    String lastBoot() {
        return lastBoot;
    }

    /** Records that the start booted a second time, keeping why the first boot was cold. */
    void bootedAgain(String firstBoot, String why) {
        lastBoot = firstBoot + "; booted again: " + why;
    }

    /**
     * Saves the running machine and ends it.
     *
     * @return empty when saved, else why not; the machine then still runs and the caller shuts it down
     */
    Optional<String> save(MachineLauncher.Launched running, VmConfig config, List<SaveParticipant> participants,
                          Runnable flushGuest, Duration timeout) {
        Machine machine = running.machine();
        if (!config.saveState()) return Optional.of("saving the VM's state is off (vm.saveState)");
        if (machine.spec().memoryFile() == null) return Optional.of("the VM was started while saving was off");
        Optional<Suspension> suspension = machine.suspension();
        if (suspension.isEmpty()) return Optional.of("the hypervisor cannot save a VM");
        List<SaveParticipant> prepared = new ArrayList<>();
        for (SaveParticipant p : participants) {
            Optional<String> veto = p.beforeSave(machine);
            if (veto.isPresent()) {
                abandon(prepared, machine);
                return veto;
            }
            prepared.add(p);
        }
        flushGuest.run();
        long t0 = System.nanoTime();
        try {
            suspension.get().saveAndQuit(files.savedState(), timeout);
            long millis = (System.nanoTime() - t0) / 1_000_000;
            Path disk = files.dataDisk();
            String saveId = SaveSeal.seal(files);
            new SavedVm(running.record(), bootedDaemonJson(), Files.size(disk), Files.getLastModifiedTime(disk).toMillis(),
                    Files.size(files.memoryFile()), Files.size(files.savedState()), System.currentTimeMillis(), millis,
                    saveId).write(files.savedDescription());
            log.info("saved the VM's state in {} ms ({} KiB of device state)", millis, Files.size(files.savedState()) >> 10);
            return Optional.empty();
        } catch (IOException e) {
            discard();
            if (machine.isAlive()) abandon(prepared, machine);
            return Optional.of("the state could not be saved: " + e.getMessage());
        }
    }

    private void abandon(List<SaveParticipant> prepared, Machine machine) {
        for (SaveParticipant p : prepared) {
            try {
                p.saveAbandoned(machine);
            } catch (RuntimeException e) {
                log.warn("could not undo the preparation for saving: {}", e.toString());
            }
        }
    }

    /** The daemon.json the running guest booted with (not the settings, which may have changed since). */
    private String bootedDaemonJson() {
        try {
            return Files.readString(files.bootedDaemonJson());
        } catch (IOException e) {
            return "unknown: " + e.getMessage();
        }
    }

    /** The daemon.json a start with these settings would boot with. */
    private String wantedDaemonJson() throws Unusable {
        try {
            return new String(daemonJson.get(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new Unusable(e.getMessage());
        }
    }

    /**
     * Resumes the saved machine when there is one that fits; otherwise empty, with the state discarded and the
     * reason kept for {@code berth status}.
     */
    Optional<MachineLauncher.Launched> restore(Hypervisor hypervisor, VmConfig config) {
        SavedVm saved;
        try {
            saved = usable(config);
        } catch (Unusable e) {
            lastBoot = "cold boot: " + e.getMessage();
            if (Files.exists(files.savedState()) || Files.exists(files.savedDescription())) {
                log.warn("not resuming the saved VM state: {}; booting afresh", e.getMessage());
            }
            discard();
            return Optional.empty();
        }
        long t0 = System.nanoTime();
        try {
            SaveSeal.breakSeal(files); // the resumed guest changes the memory: this state cannot be resumed twice
            MachineLauncher.Launched launched = launcher.restore(hypervisor, saved);
            discard();
            lastBoot = "resumed from the saved state in " + (System.nanoTime() - t0) / 1_000_000 + " ms";
            return Optional.of(launched);
        } catch (IOException e) {
            log.warn("the saved VM state was discarded: {}; booting afresh", e.getMessage());
            lastBoot = "cold boot: the saved state was discarded (" + e.getMessage() + ")";
            discard();
            return Optional.empty();
        }
    }

    /** Why a saved state cannot be used now. */
    private static final class Unusable extends Exception {
        Unusable(String why) {
            super(why, null, false, false);
        }
    }

    /** The saved state when it can be used now. */
    private SavedVm usable(VmConfig config) throws Unusable {
        if (!config.saveState()) throw new Unusable("saving the VM's state is off (vm.saveState)");
        Optional<SavedVm> saved;
        try {
            saved = SavedVm.read(files.savedDescription());
        } catch (IOException e) {
            throw new Unusable(e.getMessage());
        }
        if (saved.isEmpty()) throw new Unusable("no saved state");
        if (!Files.isRegularFile(files.savedState())) throw new Unusable("the saved state file is missing");
        MachineRecord wanted = launcher.wanted(config).orElseThrow(() -> new Unusable("the guest image must be built first"));
        Optional<String> mismatch;
        try {
            Path disk = files.dataDisk();
            long memory = Files.isRegularFile(files.memoryFile()) ? Files.size(files.memoryFile()) : -1;
            mismatch = saved.get().mismatch(wanted, wantedDaemonJson(), (long) config.diskGiB() << 30,
                    Files.size(disk), Files.getLastModifiedTime(disk).toMillis(), memory);
        } catch (IOException e) {
            throw new Unusable("the data disk cannot be read: " + e.getMessage());
        }
        if (mismatch.isPresent()) throw new Unusable(mismatch.get());
        if (!SaveSeal.holds(files, saved.get().saveId())) {
            throw new Unusable("the guest memory file is not the one this state was saved with (the save did not "
                    + "finish writing it, or the memory was used since)");
        }
        return saved.get();
    }

    /** Removes the saved state; the memory file stays, as the next machine's memory. */
    void discard() {
        try {
            SaveSeal.breakSeal(files);
            Files.deleteIfExists(files.savedState());
            Files.deleteIfExists(files.savedDescription());
        } catch (IOException e) {
            log.warn("cannot remove the saved VM state: {}", e.getMessage());
        }
    }
}
