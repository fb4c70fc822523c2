package dev.berth.api.extension;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * The Docker Desktop-format extensions: images whose labels and {@code /metadata.json} describe a dashboard tab, a
 * service run in the VM and binaries for the host. Berth reads them through its own Docker Engine.
 */
public interface DockerExtensions {
    /**
     * Checks an image's labels and {@code metadata.json}, pulling the image when the engine lacks it.
     *
     * @return every problem found, in words; empty when the image is a valid extension
     * @throws IOException when the engine cannot be reached or has no such image
     */
    List<String> validate(String image) throws IOException;

    /**
     * Installs (or updates) an extension: copies its UI, icon and host binaries out of the image and starts its VM
     * service.
     *
     * @throws IllegalArgumentException when the image is no valid extension; the message lists the problems
     * @throws IOException              when the engine cannot be reached or the files cannot be written
     */
    DockerExtension install(String image) throws IOException;

    /**
     * Updates an installed extension to another image of its repository (a newer tag, or the same tag built again),
     * as {@code docker extension update} does: the same as {@link #install}, but only when it is installed.
     *
     * @throws IllegalArgumentException when no extension of the image's repository is installed, or the image is no
     *                                  valid extension
     * @throws IOException              when the engine cannot be reached or the files cannot be written
     */
    DockerExtension update(String image) throws IOException;

    /** The installed extensions, by id. */
    List<DockerExtension> list();

    /** The installed extension with this id or image, or empty. */
    Optional<DockerExtension> find(String idOrImage);

    /**
     * Stops and removes the extension's VM service and deletes its folder.
     *
     * @return whether there was one
     */
    boolean remove(String idOrImage) throws IOException;
}
