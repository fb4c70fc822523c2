/** The Berth daemon itself: its home folder, identity and shutdown. */
@Export
@Version("1.1.0")
package dev.berth.api.daemon;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
