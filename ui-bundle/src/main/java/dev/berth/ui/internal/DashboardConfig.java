package dev.berth.ui.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The dashboard's settings: section {@code dashboard} of settings.json. */
@ObjectClassDefinition(name = "Berth dashboard")
public @interface DashboardConfig {
    /** The TCP port on 127.0.0.1. */
    @AttributeDefinition(description = "Port of the dashboard on 127.0.0.1")
    int port() default 7780;

    /** Whether the dashboard is served at all. */
    @AttributeDefinition(description = "Serve the dashboard")
    boolean enabled() default true;

    /** Whether Berth starts when the user logs in to a desktop session (an XDG autostart entry). */
    @AttributeDefinition(description = "Start Berth at login")
    boolean startAtLogin() default false;
}
