package dev.berth.filesharing.internal;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How many virtiofs inodes the guest may keep cached: half the files a virtiofsd started by this daemon may hold
 * open, since QEMU 7.2's virtiofsd keeps one open file for every inode the guest caches and fails lookups with
 * "Too many open files" beyond its limit.
 */
final class InodeBudget {
    /** The limit virtiofsd raises itself to when it may (it holds CAP_SYS_RESOURCE, as root normally does). */
    static final long RAISED_LIMIT = 1_000_000;
    private static final int CAP_SYS_RESOURCE = 24;

    private InodeBudget() {
    }

    /** The budget for virtiofsd processes this daemon starts. */
    static long ofThisProcess() {
        try {
            return of(Files.readString(Path.of("/proc/self/limits")), Files.readString(Path.of("/proc/self/status")));
        } catch (IOException e) {
            return RAISED_LIMIT / 2;
        }
    }

    /** The budget from the text of /proc/PID/limits and /proc/PID/status of the process that starts virtiofsd. */
    static long of(String limits, String status) {
        for (String line : status.split("\n")) {
            if (line.startsWith("CapEff:") && new BigInteger(line.substring(7).strip(), 16).testBit(CAP_SYS_RESOURCE)) {
                return RAISED_LIMIT / 2;
            }
        }
        for (String line : limits.split("\n")) {
            if (!line.startsWith("Max open files")) continue;
            String hard = line.substring("Max open files".length()).strip().split("\\s+")[1];
            return hard.equals("unlimited") ? RAISED_LIMIT / 2 : Math.min(Long.parseLong(hard), RAISED_LIMIT) / 2;
        }
        return RAISED_LIMIT / 2;
    }
}
