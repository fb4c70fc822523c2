package dev.berth.filesharing.internal;

import dev.berth.api.files.Share;
import dev.berth.api.vm.ExecResult;
import dev.berth.api.vm.GuestAgent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Mounts shares in the guest at their host path, and lists and removes those mounts, through the guest agent. */
final class GuestMounts {
    private static final Duration EXEC_TIMEOUT = Duration.ofSeconds(20);
    /** After a device is plugged in, the guest needs a moment to probe it before its tag can be mounted. */
    private static final Duration PROBE_WAIT = Duration.ofSeconds(10);
    private static final String MOUNT = "modprobe virtiofs && mkdir -p \"$2\" && mount -t virtiofs -o \"$3\" \"$1\" \"$2\"";
    private final GuestAgent agent;

    GuestMounts(GuestAgent agent) {
        this.agent = agent;
    }

    /** The guest's virtiofs mounts: tag to mount point. */
    Map<String, Path> list() throws IOException {
        return parse(run(List.of("/bin/cat", "/proc/1/mounts")).stdout());
    }

    /** The virtiofs lines of a mounts table: tag to mount point. */
    static Map<String, Path> parse(String mounts) {
        Map<String, Path> byTag = new LinkedHashMap<>();
        for (String line : mounts.split("\n")) {
            String[] f = line.split(" ");
            if (f.length >= 3 && f[2].equals("virtiofs")) byTag.put(unescape(f[0]), Path.of(unescape(f[1])));
        }
        return byTag;
    }

    /** Undoes the octal escapes of /proc mount tables, such as {@code \040} for a space. */
    static String unescape(String field) {
        if (field.indexOf('\\') < 0) return field;
        byte[] raw = field.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length);
        for (int i = 0; i < raw.length; i++) {
            if (raw[i] == '\\' && i + 3 < raw.length && octal(raw[i + 1]) && octal(raw[i + 2]) && octal(raw[i + 3])) {
                bytes.write((raw[i + 1] - '0') * 64 + (raw[i + 2] - '0') * 8 + (raw[i + 3] - '0'));
                i += 3;
            } else {
                bytes.write(raw[i]);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static boolean octal(byte b) {
        return b >= '0' && b <= '7';
    }

    /** Mounts a share at its host path, waiting while the guest still probes a freshly plugged device. */
    void mount(Share share) throws IOException {
        List<String> argv = List.of("/bin/sh", "-c", MOUNT, "mount", share.tag(), share.hostPath().toString(),
                share.readOnly() ? "ro" : "rw");
        long deadline = System.nanoTime() + PROBE_WAIT.toNanos();
        while (true) {
            ExecResult r = agent.exec(argv, EXEC_TIMEOUT);
            if (r.ok()) return;
            if (System.nanoTime() > deadline) {
                throw new IOException("cannot mount " + share.hostPath() + " in the VM: " + r.stderr().strip());
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while mounting " + share.hostPath(), e);
            }
        }
    }

    /** Detaches a mount from the guest's tree at once; containers that use it keep it until they stop. */
    void unmount(Path mountPoint) throws IOException {
        ExecResult r = run(List.of("/bin/umount", "-l", mountPoint.toString()));
        if (!r.ok()) throw new IOException("cannot unmount " + mountPoint + " in the VM: " + r.stderr().strip());
    }

    private ExecResult run(List<String> argv) throws IOException {
        ExecResult r = agent.exec(argv, EXEC_TIMEOUT);
        if (r.exitCode() < 0) throw new IOException(String.join(" ", argv) + " did not run in the VM");
        return r;
    }
}
