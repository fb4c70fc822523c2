/** What the {@code berth} command and the daemon both find out about the host they run on. */
@Export
@Version("1.0.0")
package dev.berth.cli.host;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
