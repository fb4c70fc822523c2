package dev.berth.api.vm;

import dev.berth.api.hypervisor.Accelerator;
import java.time.Instant;

/**
 * Facts about a VM that is starting or running.
 *
 * @param hypervisor  backend name, such as {@code qemu}
 * @param accelerator how guest code runs
 * @param pid         process id of the machine process
 * @param startedAt   when the machine process started
 * @param cpus        virtual CPUs
 * @param memoryMiB   guest memory
 * @param diskBytes   size of the data disk
 * @param imageHash   content hash of the guest image it booted
 */
public record VmInfo(String hypervisor, Accelerator accelerator, long pid, Instant startedAt, int cpus,
                     int memoryMiB, long diskBytes, String imageHash) {
}
