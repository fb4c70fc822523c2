package dev.berth.api.image;

import dev.berth.api.vm.ImageArtifacts;
import dev.berth.api.vm.ProgressListener;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Builds guest images on the host, as {@code linuxkit build} does: the caller names the spec, the contributed parts
 * and the folders; equal inputs give byte-identical artifacts, so a built image is never built again.
 */
public interface GuestImageBuilder {
    /**
     * The artifacts of {@code request} when they are already built; builds nothing.
     *
     * @throws IOException when the spec cannot be read or a contribution cannot give its parts
     */
    Optional<ImageArtifacts> cached(ImageRequest request) throws IOException;

    /**
     * Returns the artifacts of {@code request}, building them when they are not cached.
     *
     * @param warn receives sentences the user should know, such as a lock that could not be followed
     * @throws IOException when the build fails; the message names the failed step
     */
    ImageArtifacts build(ImageRequest request, ProgressListener progress, Consumer<String> warn) throws IOException;

    /**
     * Writes an uncompressed cpio archive (the format the kernel unpacks from an initrd) of {@code entries}, sorted by
     * path, owned by root, every time stamp 0, missing parent folders added with mode {@code 0755}.
     */
    void writeArchive(List<ArchiveEntry> entries, Path target) throws IOException;

    /**
     * Creates an empty ext4 file system of {@code sizeBytes} labelled {@code label} in a new sparse file.
     *
     * @throws IOException when {@code image} exists (it may hold data) or e2fsprogs fails
     */
    void createDisk(Path image, long sizeBytes, String label) throws IOException;

    /**
     * The Debian suite that a spec's packages come from, reached through an apt state of Berth's own.
     *
     * @param spec      a spec file; empty for the built-in spec
     * @param aptStates the folder that keeps each suite's apt state (package lists, downloaded files)
     * @param warn      receives what the user should know, such as a mirror whose Release file has expired
     */
    DebianPackages packages(Optional<Path> spec, Path aptStates, Consumer<String> warn) throws IOException;
}
