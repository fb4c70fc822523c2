package dev.berth.platform.internal;

import java.time.Duration;

/** Formats durations the way people read them. */
final class Durations {
    private Durations() {
    }

    /** Such as {@code 3d 4h}, {@code 2h 5m}, {@code 4m 10s} or {@code 12s}. */
    static String human(Duration d) {
        long s = Math.max(0, d.toSeconds());
        if (s >= 86_400) return s / 86_400 + "d " + (s % 86_400) / 3600 + "h";
        if (s >= 3600) return s / 3600 + "h " + (s % 3600) / 60 + "m";
        if (s >= 60) return s / 60 + "m " + s % 60 + "s";
        return s + "s";
    }
}
