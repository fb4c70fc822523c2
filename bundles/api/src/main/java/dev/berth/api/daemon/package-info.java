/** The Berth daemon itself: its home folder, identity and shutdown, its diagnostics and its start at login. */
@Export
@Version("1.2.0")
package dev.berth.api.daemon;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
