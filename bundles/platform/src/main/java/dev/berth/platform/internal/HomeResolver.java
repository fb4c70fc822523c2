package dev.berth.platform.internal;

import dev.berth.api.daemon.BerthHome;
import java.nio.file.Path;
import org.osgi.framework.BundleContext;

/** Finds Berth's home folder from the framework property, else from the environment. */
final class HomeResolver {
    private HomeResolver() {
    }

    /** The home folder this daemon uses. */
    static BerthHome resolve(BundleContext context) {
        String property = context.getProperty(BerthHome.PROPERTY);
        if (property != null && !property.isBlank()) {
            return new BerthHome(Path.of(property).toAbsolutePath().normalize());
        }
        return BerthHome.resolve(System.getenv(), System.getProperty("user.home"));
    }
}
