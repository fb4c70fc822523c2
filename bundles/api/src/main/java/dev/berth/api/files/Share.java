package dev.berth.api.files;

import java.nio.file.Path;

/**
 * A host folder visible in the guest at the same path.
 *
 * @param hostPath the folder (absolute, normalized)
 * @param tag      the device tag the guest mounts
 * @param readOnly whether containers may only read it
 */
public record Share(Path hostPath, String tag, boolean readOnly) {
    /** Whether {@code path} lies in this share. */
    public boolean covers(Path path) {
        return path.toAbsolutePath().normalize().startsWith(hostPath);
    }
}
