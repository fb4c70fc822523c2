/** Third-party extensions that add features to Berth. */
@Export
@Version("1.0.0")
package dev.berth.api.extension;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
