package dev.berth.vm.internal;

import dev.berth.api.daemon.BerthHome;
import java.nio.file.Path;

/**
 * Where the VM keeps its files under Berth's home folder.
 *
 * @param home Berth's home folder
 */
record VmFiles(Path home) {
    /** The home's top-level folders, as every bundle names them. */
    private BerthHome layout() {
        return new BerthHome(home);
    }

    /** The machine's run folder: pid file, control sockets, per-boot files. */
    Path runDir() {
        return layout().run().resolve("vm");
    }

    /** The description of the running machine, read by the next daemon to reattach. */
    Path machineFile() {
        return runDir().resolve("machine.json");
    }

    /** The per-boot configuration archive appended to the initrd. */
    Path configArchive() {
        return runDir().resolve("config.cpio");
    }

    /** The guest agent's channel socket. */
    Path agentSocket() {
        return runDir().resolve("qga.sock");
    }

    /** The channel socket of the guest's fsevents service. */
    Path fsEventsSocket() {
        return runDir().resolve("fsevents.sock");
    }

    /** The daemon.json (Berth's defaults merged with the user's) the running guest booted with. */
    Path bootedDaemonJson() {
        return runDir().resolve("daemon.json");
    }

    /** The channel socket of the guest's port relay. */
    Path portsSocket() {
        return runDir().resolve("ports.sock");
    }

    /** The saved VM: its state, its memory and their description. */
    Path savedDir() {
        return layout().state().resolve("vm");
    }

    /** The guest's memory, mapped from this file so that a saved state need not copy it. */
    Path memoryFile() {
        return savedDir().resolve("memory.img");
    }

    /** The device state {@code berth stop} saved. */
    Path savedState() {
        return savedDir().resolve("machine.state");
    }

    /** The description of the saved state. */
    Path savedDescription() {
        return savedDir().resolve("saved.json");
    }

    /** The persistent data disk. */
    Path dataDisk() {
        return layout().disks().resolve("data.img");
    }

    /** Built guest images. */
    Path images() {
        return layout().images();
    }

    /** Each Debian suite's apt state: sources, package lists and downloaded packages. */
    Path aptStates() {
        return layout().images().resolve("apt");
    }

    /** The engine's TLS material. */
    Path certificates() {
        return layout().state().resolve("engine-tls");
    }

    /** The guest's serial console. */
    Path consoleLog() {
        return layout().logs().resolve("console.log");
    }
}
