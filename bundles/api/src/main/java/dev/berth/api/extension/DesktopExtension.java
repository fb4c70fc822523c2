package dev.berth.api.extension;

import java.net.URI;
import java.util.Optional;

/**
 * A third-party extension that adds a feature to Berth; bundles register it as a service.
 *
 * <p>The dashboard lists every registered extension and links to its page.
 */
public interface DesktopExtension {
    /** Unique id, such as {@code com.example.logs}. */
    String id();

    /** Name shown to users. */
    String title();

    /** The extension's version. */
    String version();

    /** A page the dashboard can show for the extension. */
    Optional<URI> page();
}
