package dev.berth.filesharing.internal;

import dev.berth.api.files.Share;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Turns the configured folders into shares: {@code ~} expanded, symlinks resolved, a {@code :ro} suffix read as
 * read-only, and folders that repeat or lie inside another share of the same mode dropped, because the outer share
 * already shows them.
 */
final class ShareSettings {
    /** Guest folders a share must neither cover nor lie in: the guest's own system and Docker's data. */
    private static final List<Path> GUEST_SYSTEM = List.of("/bin", "/boot", "/dev", "/etc", "/lib", "/lib32", "/lib64",
            "/libx32", "/media", "/proc", "/run", "/sbin", "/sys", "/usr", "/var/lib/docker", "/var/lib/containerd",
            "/var/log", "/var/run").stream().map(Path::of).toList();

    /**
     * The shares, and a sentence for each configured folder that cannot be shared.
     *
     * @param shares   the usable shares, outer folders before the folders shared inside them
     * @param problems what is wrong with the others
     */
    record Result(List<Share> shares, List<String> problems) {
    }

    /** The suffix that makes a share read-only, as in docker's {@code -v /src:/dst:ro}. */
    static final String READ_ONLY = ":ro";

    private ShareSettings() {
    }

    /** Reads the configured folders; {@code home} replaces a leading {@code ~}. */
    static Result parse(String[] configured, Path home) {
        List<Share> shares = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (String entry : configured) {
            String text = entry.strip();
            boolean readOnly = text.endsWith(READ_ONLY);
            if (readOnly) text = text.substring(0, text.length() - READ_ONLY.length()).strip();
            if (text.isEmpty()) continue;
            Path path = expand(text, home);
            if (!path.isAbsolute()) {
                problems.add("fileSharing.shares: '" + text + "' is not an absolute path, such as /home/me/code");
                continue;
            }
            Path real;
            try {
                real = path.toRealPath();
            } catch (IOException e) {
                problems.add("fileSharing.shares: " + path + " does not exist; create it or remove it from the list");
                continue;
            }
            if (!Files.isDirectory(real)) {
                problems.add("fileSharing.shares: " + real + " is not a folder");
                continue;
            }
            String clash = clash(real);
            if (clash != null) {
                problems.add("fileSharing.shares: " + real + " cannot be shared: " + clash);
                continue;
            }
            if (shares.stream().noneMatch(s -> s.hostPath().equals(real))) shares.add(new Share(real, tag(real), readOnly));
        }
        return new Result(outermost(shares), List.copyOf(problems));
    }

    /**
     * The shares outer folders first, without those that lie inside another share of the same mode (the outer one
     * already shows them); a folder shared read-only inside a writable share, or the other way round, stays, and
     * the guest mounts it over the outer share.
     */
    static List<Share> outermost(List<Share> shares) {
        List<Share> byDepth = new ArrayList<>(shares);
        byDepth.sort(java.util.Comparator.comparingInt(s -> s.hostPath().getNameCount()));
        List<Share> kept = new ArrayList<>();
        for (Share share : byDepth) {
            Share enclosing = innermost(kept, share.hostPath());
            if (enclosing == null || enclosing.readOnly() != share.readOnly()) kept.add(share);
        }
        return List.copyOf(kept);
    }

    /** The deepest of {@code shares} holding {@code path}, or null. */
    static Share innermost(List<Share> shares, Path path) {
        Share best = null;
        for (Share s : shares) {
            if (path.startsWith(s.hostPath()) && (best == null
                    || s.hostPath().getNameCount() > best.hostPath().getNameCount())) {
                best = s;
            }
        }
        return best;
    }

    /** A configured folder as a path: a leading {@code ~} is {@code home}. */
    static Path expand(String text, Path home) {
        return text.equals("~") ? home : text.startsWith("~/") ? home.resolve(text.substring(2)) : Path.of(text);
    }

    /** Why a share at {@code path} would break the guest, or null when it would not. */
    private static String clash(Path path) {
        if (path.getNameCount() == 0) return "it would hide the whole guest system; share a folder below it instead";
        for (Path system : GUEST_SYSTEM) {
            if (path.startsWith(system)) return "it lies in the guest's " + system + ", which the VM needs for itself";
            if (system.startsWith(path)) {
                return "it would hide the guest's " + system + ", which the VM needs; share a folder below it instead";
            }
        }
        return null;
    }

    /** A stable virtiofs tag for a folder: {@code berth-} and 16 hex digits of the SHA-256 of its path. */
    static String tag(Path folder) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(folder.toString().getBytes(StandardCharsets.UTF_8));
            return "berth-" + HexFormat.of().formatHex(hash, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }
}
