package dev.berth.api.vm;

import java.io.IOException;
import java.util.Optional;

/**
 * The image the VM boots: the configured spec with every guest contribution, built on demand by the
 * {@link dev.berth.api.image.GuestImageBuilder}.
 */
public interface GuestImage {
    /**
     * Returns the artifacts for the current spec, building them when the cache lacks them.
     *
     * @throws IOException when the build fails; the message names the failed step
     */
    ImageArtifacts ensureBuilt(ProgressListener progress) throws IOException;

    /** The artifacts for the current spec when they are already built. */
    Optional<ImageArtifacts> cached();
}
