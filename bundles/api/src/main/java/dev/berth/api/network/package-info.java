/** Published ports (container ports that appear on the host) and the host's way to the guest's sockets. */
@Export
@Version("1.1.0")
package dev.berth.api.network;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
