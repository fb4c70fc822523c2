/** Hypervisor backends that turn a machine description into a running virtual machine. */
@Export
@Version("1.2.0")
package dev.berth.api.hypervisor;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
