/** The framed byte protocol spoken between the {@code berth} command and the daemon's control socket. */
@Export
@Version("1.0.0")
package dev.berth.cli.protocol;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
