package dev.berth.api.files;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Host folders shared into the guest at the same path, so bind mounts of them need no translation. */
public interface FileShares {
    /**
     * The Unix socket, beside the machine's channel sockets, on which the file servers report the host paths the
     * guest changed through them, so that file sharing does not replay those changes back into the guest.
     */
    String CHANGES_SOCKET = "fs-changes.sock";

    /** The shares in force. */
    List<Share> shares();

    /** The share that holds a host path, if any. */
    Optional<Share> covering(Path hostPath);

    /**
     * Whether the running VM has the share whose host folder is {@code shareHostPath} mounted now, as file sharing
     * last found it; false while no VM runs, while its shares are taken out for a save, and until they are back.
     */
    boolean mounted(Path shareHostPath);

    /** The sharing mechanism in use, such as {@code virtiofs}. */
    String mechanism();
}
