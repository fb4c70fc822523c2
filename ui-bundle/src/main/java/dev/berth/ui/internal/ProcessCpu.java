package dev.berth.ui.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Measures how busy a host process is from {@code /proc/PID/stat}, such as the VM's QEMU. */
final class ProcessCpu {
    /** Kernel clock ticks per second, 100 on every Linux that Berth runs on. */
    static final double TICKS = 100.0;
    private long lastPid = -1;
    private double lastCpuSeconds;
    private long lastNanos;

    /** CPU seconds the process used so far (user and system), or -1 when it cannot be read. */
    static double cpuSeconds(long pid) {
        try {
            return parse(Files.readString(Path.of("/proc", Long.toString(pid), "stat")));
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** The user and system time from a stat line; the command name may hold spaces and parentheses. */
    static double parse(String stat) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS;
    }

    /** Percent of one CPU used since the last call for the same process, or -1 on the first call. */
    synchronized double percent(long pid) {
        double now = cpuSeconds(pid);
        long nanos = System.nanoTime();
        double result = -1;
        if (pid == lastPid && now >= 0 && nanos > lastNanos) {
            result = (now - lastCpuSeconds) / ((nanos - lastNanos) / 1e9) * 100;
        }
        lastPid = pid;
        lastCpuSeconds = now;
        lastNanos = nanos;
        return result;
    }
}
