package dev.berth.filesharing.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The file-sharing settings: section {@code fileSharing} of settings.json. */
@ObjectClassDefinition(name = "Berth file sharing")
public @interface FileSharingConfig {
    /** Host folders mounted in the VM at the same path; {@code ~} is the home folder of the user running Berth. */
    @AttributeDefinition(description = "Shared host folders")
    String[] shares() default {"~", "/tmp"};
}
