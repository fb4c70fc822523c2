package dev.berth.filesharing.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The file-sharing settings: section {@code fileSharing} of settings.json. */
@ObjectClassDefinition(name = "Berth file sharing")
public @interface FileSharingConfig {
    /**
     * Host folders mounted in the VM at the same path; {@code ~} is the home folder of the user running Berth, and a
     * {@code :ro} suffix shares a folder read-only. {@code /tmp} is not shared unless added: on Linux it holds
     * every local user's temporary files and sockets, which containers have no business seeing.
     */
    @AttributeDefinition(description = "Shared host folders (a :ro suffix shares read-only)")
    String[] shares() default {"~"};
}
