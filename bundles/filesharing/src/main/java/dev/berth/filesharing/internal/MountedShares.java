package dev.berth.filesharing.internal;

import dev.berth.api.files.Share;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The shares that one pass found mounted in one machine, named by its process id, so that a pass over an earlier
 * machine never answers for the one that runs now.
 *
 * @param pid   the machine's process id
 * @param paths the host folders of the mounted shares
 */
record MountedShares(long pid, Set<Path> paths) {
    /** Nothing is known to be mounted. */
    static final MountedShares NONE = new MountedShares(-1, Set.of());

    /** The wanted shares of machine {@code pid} that the pass did not fail to mount. */
    static MountedShares of(long pid, List<Share> wanted, ShareReconciler.Outcome outcome) {
        return new MountedShares(pid, wanted.stream().map(Share::hostPath)
                .filter(p -> !outcome.failures().containsKey(p)).collect(Collectors.toUnmodifiableSet()));
    }

    /** Whether the share with host folder {@code path} is mounted in machine {@code machinePid}. */
    boolean has(long machinePid, Path path) {
        return pid == machinePid && paths.contains(path);
    }
}
