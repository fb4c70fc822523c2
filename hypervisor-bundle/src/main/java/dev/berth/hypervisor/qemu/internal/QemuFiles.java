package dev.berth.hypervisor.qemu.internal;

import java.nio.file.Path;

/**
 * The files of one machine in its run folder.
 *
 * @param runDir the machine's run folder
 */
record QemuFiles(Path runDir) {
    /** QEMU's pid file. */
    Path pidFile() {
        return runDir.resolve("qemu.pid");
    }

    /** QEMU's QMP socket. */
    Path qmpSocket() {
        return runDir.resolve("qmp.sock");
    }

    /** The initrd handed to QEMU when the spec has several. */
    Path initrd() {
        return runDir.resolve("initrd.img");
    }

    /** What QEMU printed while starting. */
    Path launchLog() {
        return runDir.resolve("qemu.log");
    }

    /** The vhost-user socket of the shared folder with this tag. */
    Path virtiofsSocket(String tag) {
        return runDir.resolve("vfs-" + tag + ".sock");
    }

    /** What Berth knows about the shared folder with this tag: its spec, root port and virtiofsd pid. */
    Path virtiofsState(String tag) {
        return runDir.resolve("vfs-" + tag + ".json");
    }

    /** What the virtiofsd processes print. */
    Path virtiofsLog() {
        return runDir.resolve("virtiofsd.log");
    }
}
