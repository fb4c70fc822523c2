package dev.berth.hypervisor.qemu.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The QEMU backend's settings: section {@code qemu} of settings.json. */
@ObjectClassDefinition(name = "Berth QEMU backend")
public @interface QemuSettings {
    /**
     * Which program serves shared folders: {@code berth} (Berth's own file server, running as the user) or
     * {@code virtiofsd} (QEMU 7.2's, which needs root and acts as root for containers; for comparison only).
     */
    @AttributeDefinition(description = "File server for shared folders: berth or virtiofsd")
    String fileServer() default "berth";
}
