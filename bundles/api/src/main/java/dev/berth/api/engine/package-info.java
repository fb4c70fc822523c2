/** The Docker Engine API endpoint that Berth offers on the host. */
@Export
@Version("1.1.0")
package dev.berth.api.engine;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
