package dev.berth.engine.internal;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Reads the guest's {@code /proc/mounts} to tell which shared folders are mounted there. */
final class ShareMounts {
    private ShareMounts() {
    }

    /** The paths of {@code wanted} that no virtiofs mount in {@code procMounts} has as its mount point. */
    static List<String> missing(String procMounts, Collection<String> wanted) {
        Set<String> mounted = new HashSet<>();
        for (String line : procMounts.split("\n")) {
            String[] f = line.split(" ");
            if (f.length >= 3 && f[2].equals("virtiofs")) mounted.add(unescape(f[1]));
        }
        return wanted.stream().filter(p -> !mounted.contains(p)).toList();
    }

    /** Undoes the octal escapes ({@code \040} for a space) that the kernel writes into mount points. */
    static String unescape(String field) {
        StringBuilder out = new StringBuilder(field.length());
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && isOctal(field, i + 1)) {
                out.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static boolean isOctal(String s, int from) {
        if (from + 3 > s.length()) return false;
        for (int i = from; i < from + 3; i++) if (s.charAt(i) < '0' || s.charAt(i) > '7') return false;
        return true;
    }
}
