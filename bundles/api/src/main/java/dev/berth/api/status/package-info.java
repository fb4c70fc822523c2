/** Subsystem states and the events that announce their changes. */
@Export
@Version("1.0.0")
package dev.berth.api.status;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
