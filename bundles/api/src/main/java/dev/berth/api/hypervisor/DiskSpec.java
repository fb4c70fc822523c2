package dev.berth.api.hypervisor;

import java.nio.file.Path;

/**
 * A block device of the guest.
 *
 * @param id       device id, also its serial number in the guest
 * @param path     backing file on the host
 * @param format   {@code raw} or {@code qcow2}
 * @param readOnly whether the guest may only read it
 */
public record DiskSpec(String id, Path path, String format, boolean readOnly) {
}
