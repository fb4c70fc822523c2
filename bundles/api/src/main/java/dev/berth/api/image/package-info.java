/**
 * The guest image builder, as LinuxKit's {@code linuxkit build}: it turns a spec and the parts bundles contribute
 * into boot artifacts, writes the guest's other disk formats, and reads the Debian suite a spec names.
 */
@Export
@Version("1.0.0")
package dev.berth.api.image;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
