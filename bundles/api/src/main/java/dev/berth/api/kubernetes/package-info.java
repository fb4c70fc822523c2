/** A single-node Kubernetes cluster inside the guest. */
@Export
@Version("1.0.0")
package dev.berth.api.kubernetes;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
