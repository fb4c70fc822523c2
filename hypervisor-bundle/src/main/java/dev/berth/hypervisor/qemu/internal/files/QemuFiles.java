package dev.berth.hypervisor.qemu.internal.files;

import java.nio.file.Path;

/**
 * The files of one machine in its run folder, and how a path is written in QEMU's options.
 *
 * @param runDir the machine's run folder
 */
public record QemuFiles(Path runDir) {
    /** QEMU's pid file. */
    public Path pidFile() {
        return runDir.resolve("qemu.pid");
    }

    /** QEMU's QMP socket. */
    public Path qmpSocket() {
        return runDir.resolve("qmp.sock");
    }

    /** The initrd handed to QEMU when the spec has several. */
    public Path initrd() {
        return runDir.resolve("initrd.img");
    }

    /** What QEMU printed while starting. */
    public Path launchLog() {
        return runDir.resolve("qemu.log");
    }

    /** The vhost-user socket of the shared folder with this tag. */
    public Path virtiofsSocket(String tag) {
        return runDir.resolve("vfs-" + tag + ".sock");
    }

    /** What Berth knows about the shared folder with this tag: its spec, root port and virtiofsd pid. */
    public Path virtiofsState(String tag) {
        return runDir.resolve("vfs-" + tag + ".json");
    }

    /** What the virtiofsd processes print. */
    public Path virtiofsLog() {
        return runDir.resolve("virtiofsd.log");
    }

    /** A path as a QEMU option value: commas are doubled. */
    public static String escape(Path path) {
        return path.toString().replace(",", ",,");
    }
}
