package dev.berth.api.vm;

import java.io.IOException;
import java.util.Optional;

/** Builds and caches the guest's boot artifacts from a declarative spec. */
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
