/** Berth's home folder as both the {@code berth} command and the daemon keep it: private to its owner. */
@Export
@Version("1.0.0")
package dev.berth.cli.home;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
