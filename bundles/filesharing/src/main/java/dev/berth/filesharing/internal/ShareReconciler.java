package dev.berth.filesharing.internal;

import dev.berth.api.files.Share;
import dev.berth.api.hypervisor.SharedFolderSpec;
import dev.berth.api.hypervisor.SharedFolders;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Brings the running VM in line with the wanted shares: removes Berth's shares that are no longer wanted, then
 * plugs in and mounts the missing ones, one share at a time so that one failure does not stop the others.
 */
final class ShareReconciler {
    /** Every tag Berth gives starts so; other virtiofs devices and mounts are left alone. */
    static final String TAG_PREFIX = "berth-";
    private final SharedFolders folders;
    private final GuestMounts guest;

    /**
     * What an apply achieved.
     *
     * @param failures  the wanted shares that are not mounted, with why
     * @param leftovers unwanted shares the running VM still has, with why
     */
    record Outcome(Map<Path, String> failures, List<String> leftovers) {
        /** Whether the VM now has exactly the wanted shares. */
        boolean clean() {
            return failures.isEmpty() && leftovers.isEmpty();
        }
    }

    ShareReconciler(SharedFolders folders, GuestMounts guest) {
        this.folders = folders;
        this.guest = guest;
    }

    /** Applies the wanted shares; fails only when the VM cannot be asked what it has. */
    Outcome apply(List<Share> wanted) throws IOException {
        Map<Path, String> failures = new LinkedHashMap<>();
        List<String> leftovers = new ArrayList<>();
        Set<String> wantedTags = wanted.stream().map(Share::tag).collect(Collectors.toSet());
        Map<String, SharedFolderSpec> attached = folders.attached().stream()
                .filter(f -> f.tag().startsWith(TAG_PREFIX))
                .collect(Collectors.toMap(SharedFolderSpec::tag, Function.identity(), (a, b) -> a, LinkedHashMap::new));
        Map<String, Path> mounted = guest.list();
        // deepest first: a share mounted inside another goes before it, as a lazy unmount of the outer one would
        // take the inner one along and leave its mount point unresolvable
        List<Map.Entry<String, Path>> innerFirst = new ArrayList<>(mounted.entrySet());
        innerFirst.sort(java.util.Comparator.comparingInt((Map.Entry<String, Path> m) -> m.getValue().getNameCount())
                .reversed());
        for (Map.Entry<String, Path> m : innerFirst) {
            String tag = m.getKey();
            if (tag.startsWith(TAG_PREFIX) && (!wantedTags.contains(tag) || !attached.containsKey(tag))) {
                guest.unmount(m.getValue());
            }
        }
        for (String tag : attached.keySet()) {
            if (wantedTags.contains(tag)) continue;
            try {
                folders.detach(tag);
            } catch (IOException e) {
                leftovers.add("cannot remove " + attached.get(tag).hostPath() + " from the running VM: " + e.getMessage());
            }
        }
        for (Share share : wanted) {
            try {
                boolean fresh = !attached.containsKey(share.tag());
                if (fresh) folders.attach(new SharedFolderSpec(share.tag(), share.hostPath(), share.readOnly()));
                if (fresh || !share.hostPath().equals(mounted.get(share.tag()))) guest.mount(share);
            } catch (IOException e) {
                failures.put(share.hostPath(), e.getMessage());
            }
        }
        return new Outcome(failures, leftovers);
    }
}
