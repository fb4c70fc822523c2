package dev.berth.api.vm;

import java.nio.file.Path;

/**
 * The boot artifacts of one guest image build.
 *
 * @param hash          content hash of the spec and lock that produced them
 * @param kernelVersion the guest kernel's release, such as {@code 6.1.0-28-cloud-amd64}
 * @param kernel        the kernel image
 * @param initrd        the initial RAM disk (cpio newc)
 * @param systemImage   the read-only ext4 system image
 * @param cmdline       the kernel command line the spec gives, before any the user adds
 */
public record ImageArtifacts(String hash, String kernelVersion, Path kernel, Path initrd, Path systemImage,
                             String cmdline) {
    /** Artifacts whose spec gives no kernel command line (as before the command line was part of them). */
    public ImageArtifacts(String hash, String kernelVersion, Path kernel, Path initrd, Path systemImage) {
        this(hash, kernelVersion, kernel, initrd, systemImage, "");
    }
}
