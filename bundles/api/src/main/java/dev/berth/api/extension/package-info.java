/**
 * Third-party extensions: the dashboard tabs an extension bundle contributes, and the installed extensions
 * ({@code $BERTH_HOME/extensions}) as the platform reports them, and the
 * Docker Desktop-format extensions installed from images, and the settings sections extensions describe.
 */
@Export
@Version("1.3.0")
package dev.berth.api.extension;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
