/** The guest virtual machine that runs the Docker Engine, its image and the channels into it. */
@Export
@Version("1.6.0")
package dev.berth.api.vm;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
