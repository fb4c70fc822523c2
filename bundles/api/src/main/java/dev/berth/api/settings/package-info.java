/** The user's settings file and its mapping to configurations. */
@Export
@Version("1.0.0")
package dev.berth.api.settings;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
