/**
 * Third-party extensions: the dashboard tabs an extension bundle contributes (with their WebSockets), the installed
 * extensions ({@code $BERTH_HOME/extensions}) as the platform reports them, the settings sections extensions
 * describe, the containers extensions run in the VM (guest services), and the Docker Desktop-format extensions
 * installed from images.
 */
@Export
@Version("1.4.0")
package dev.berth.api.extension;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
