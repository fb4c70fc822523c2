package dev.berth.api.hypervisor;

import java.nio.file.Path;

/**
 * A host folder offered to the guest as a file system with the given tag.
 *
 * @param tag      the tag the guest mounts
 * @param hostPath the host folder
 * @param readOnly whether the guest may only read it
 */
public record SharedFolderSpec(String tag, Path hostPath, boolean readOnly) {
}
