package dev.berth.api.extension;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The installed extensions: the bundles in {@code $BERTH_HOME/extensions}, which the framework installs, updates
 * and removes as their jars come, change and go. Extensions run with Berth's rights.
 */
public interface Extensions {
    /** The folder watched for extension jars. */
    Path folder();

    /** Every extension in the folder, by file name. */
    List<Extension> list();

    /**
     * Copies a bundle jar into the folder (replacing an extension of the same symbolic name, which updates it) and
     * waits, at most {@code waitMillis}, until it runs or failed.
     *
     * @return the extension as it stands then, or empty when it was not picked up in time
     * @throws IllegalArgumentException when the file is not an OSGi bundle
     */
    Optional<Extension> install(Path jar, long waitMillis) throws IOException;

    /**
     * Installs a jar as {@link #install(Path, long)} does, recording {@code origin} as where it came from instead of
     * the jar's path: for a jar that was uploaded, such as {@code uploaded in the dashboard (my-ext.jar)}.
     */
    Optional<Extension> install(Path jar, String origin, long waitMillis) throws IOException;

    /**
     * Deletes the jar of the extension with this symbolic name or file name, which uninstalls it, and returns once
     * it is uninstalled (or after 10 seconds), so that a listing right after no longer shows it.
     *
     * @return whether there was one
     */
    boolean remove(String name) throws IOException;
}
