package dev.berth.filesharing.internal;

import dev.berth.api.files.Share;
import java.util.List;
import java.util.Optional;

/**
 * What one pass of the file-sharing service over the VM found.
 *
 * @param wanted  the shares it applied
 * @param running whether the VM was running
 * @param outcome what the VM got, when it was running and could be asked
 */
record AppliedShares(List<Share> wanted, boolean running, Optional<ShareReconciler.Outcome> outcome) {
}
