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

    /** The vhost-user socket of shared folder {@code i}. */
    Path virtiofsSocket(int i) {
        return runDir.resolve("virtiofs-" + i + ".sock");
    }

    /** The pid file of the virtiofsd serving shared folder {@code i}. */
    Path virtiofsPid(int i) {
        return runDir.resolve("virtiofs-" + i + ".pid");
    }
}
