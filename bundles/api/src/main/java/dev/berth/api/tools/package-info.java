/** The command-line tools Berth ships for the host: the docker CLI, its plugins and credential helpers. */
@Export
@Version("1.0.0")
package dev.berth.api.tools;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
