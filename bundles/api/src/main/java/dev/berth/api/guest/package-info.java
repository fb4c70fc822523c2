/** What bundles contribute to the guest image: files, services, dockerd settings and kernel modules. */
@Export
@Version("1.1.0")
package dev.berth.api.guest;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
