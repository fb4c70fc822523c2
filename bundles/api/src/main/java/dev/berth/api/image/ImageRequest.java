package dev.berth.api.image;

import dev.berth.api.guest.OwnedContribution;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What to build and where: the inputs of an image, and the folders the builder keeps its output and apt state in.
 *
 * @param spec          a spec file (its files and its lock {@code <name>.lock} beside it); empty for the built-in spec
 * @param contributions what bundles add to the guest; their order does not count
 * @param images        the folder of built images, one folder per image hash
 * @param aptStates     the folder that keeps each Debian suite's apt state
 */
public record ImageRequest(Optional<Path> spec, List<OwnedContribution> contributions, Path images, Path aptStates) {
    /** Copies the list of contributions. */
    public ImageRequest {
        contributions = List.copyOf(contributions);
    }
}
