/** Host folders shared into the guest at the same path. */
@Export
@Version("1.2.0")
package dev.berth.api.files;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
