/** Published ports: container ports that appear on the host. */
@Export
@Version("1.0.0")
package dev.berth.api.network;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
