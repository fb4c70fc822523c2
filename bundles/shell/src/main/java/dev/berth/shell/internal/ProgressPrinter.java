package dev.berth.shell.internal;

import dev.berth.api.vm.ProgressListener;
import java.io.PrintStream;
import java.util.Locale;

/**
 * Prints progress reports as lines the {@code berth} command draws as a progress bar.
 *
 * <p>Each line starts with {@link #MARK}; clients that do not know it still show readable text.
 */
final class ProgressPrinter implements ProgressListener {
    /** Marks a progress line, so a terminal client can redraw it in place. */
    static final String MARK = "\u001b[berth-progress]";
    private final PrintStream out;
    private String lastPhase = "";
    private int lastPercent = -1;

    ProgressPrinter(PrintStream out) {
        this.out = out;
    }

    @Override
    public synchronized void progress(String phase, double fraction, String detail) {
        int percent = fraction < 0 ? -1 : (int) Math.round(Math.min(1, fraction) * 100);
        if (phase.equals(lastPhase) && percent == lastPercent) return;
        if (phase.equals(lastPhase) && percent >= 0 && lastPercent >= 0 && percent - lastPercent < 2 && percent < 100) {
            return;
        }
        lastPhase = phase;
        lastPercent = percent;
        out.println(MARK + line(phase, percent, detail));
        out.flush();
    }

    /** Such as {@code build     [#########...........]  45%  unpacking docker.io}. */
    static String line(String phase, int percent, String detail) {
        String bar;
        if (percent < 0) {
            bar = "[" + " ".repeat(20) + "]     ";
        } else {
            int filled = percent / 5;
            bar = "[" + "#".repeat(filled) + ".".repeat(20 - filled) + "] " + String.format(Locale.ROOT, "%3d%%", percent);
        }
        return String.format(Locale.ROOT, "%-9s %s  %s", phase, bar, detail == null ? "" : detail);
    }
}
