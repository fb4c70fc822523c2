package dev.berth.filesharing.internal;

import dev.berth.api.files.Share;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The guest's report of the shared folders that containers mount, read line by line: {@code mounts}, then
 * {@code mount TAG ROOT} lines (ROOT escaped as in /proc/PID/mountinfo), then {@code end}.
 */
final class MountReport {
    private final List<String> pending = new ArrayList<>();
    private boolean open;

    /**
     * Takes one line from the guest.
     *
     * @return the complete report's lines when this line ends one
     */
    Optional<List<String>> accept(String line) {
        if (line.equals("mounts")) {
            open = true;
            pending.clear();
        } else if (open && line.equals("end")) {
            open = false;
            return Optional.of(List.copyOf(pending));
        } else if (open && line.startsWith("mount ")) {
            pending.add(line);
        }
        return Optional.empty();
    }

    /** The host folders a report's lines name: each mounted root under its share, nested ones left out. */
    static List<Path> folders(List<String> lines, List<Share> shares) {
        Map<String, Share> byTag = shares.stream().collect(Collectors.toMap(Share::tag, Function.identity()));
        List<Path> folders = new ArrayList<>();
        for (String line : lines) {
            String[] f = line.split(" ", 3);
            Share share = f.length == 3 ? byTag.get(f[1]) : null;
            if (share == null || f[2].endsWith("//deleted")) continue;
            String root = GuestMounts.unescape(f[2]);
            Path folder = share.hostPath().resolve(root.startsWith("/") ? root.substring(1) : root).normalize();
            if (folder.startsWith(share.hostPath())) folders.add(folder);
        }
        List<Path> outer = new ArrayList<>();
        folders.stream().sorted().forEach(p -> {
            if (outer.stream().noneMatch(p::startsWith)) outer.add(p);
        });
        return outer;
    }
}
