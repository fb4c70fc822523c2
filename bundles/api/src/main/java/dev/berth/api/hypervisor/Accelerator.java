package dev.berth.api.hypervisor;

/** How a hypervisor executes guest instructions. */
public enum Accelerator {
    /** Linux KVM with hardware virtualization (Intel VT-x or AMD-V). */
    KVM,
    /** Apple's Hypervisor.framework. */
    HVF,
    /** Software emulation (QEMU's Tiny Code Generator): slow but always available. */
    TCG
}
