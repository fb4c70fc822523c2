package dev.berth.api.hypervisor;

import java.io.IOException;
import java.util.List;

/**
 * Host folders attached to a running machine and detached again while it runs, without a reboot.
 *
 * <p>What is attached is kept with the machine, so a new daemon that reattaches to it sees the same folders.
 */
public interface SharedFolders {
    /**
     * Offers a host folder to the guest under the folder's tag; the guest can mount it once this returns.
     *
     * <p>Attaching a tag that is already attached with the same folder does nothing.
     *
     * @throws IOException when the folder cannot be attached; the message says why and what to do
     */
    void attach(SharedFolderSpec folder) throws IOException;

    /**
     * Takes the folder with this tag away from the guest; the guest should unmount it first. An unknown tag is
     * not an error.
     *
     * @throws IOException when the guest does not release the folder; the message says why
     */
    void detach(String tag) throws IOException;

    /** The folders attached now, including those attached at launch or by an earlier daemon. */
    List<SharedFolderSpec> attached() throws IOException;
}
