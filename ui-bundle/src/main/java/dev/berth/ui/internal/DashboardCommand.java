package dev.berth.ui.internal;

import dev.berth.ui.internal.web.LoginCodes;
import java.io.IOException;
import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The {@code berth:dashboard} command: prints the dashboard's address with a new one-time login code. The
 * {@code berth dashboard} client asks for it over the control socket and opens the browser itself, so neither the
 * access token nor the daemon's environment is involved.
 */
@Component(service = DashboardCommand.class, property = {"osgi.command.scope=berth", "osgi.command.function=dashboard"})
public final class DashboardCommand {
    private final DashboardComponent dashboard;

    /** Uses the running dashboard. */
    @Activate
    public DashboardCommand(@Reference DashboardComponent dashboard) {
        this.dashboard = dashboard;
    }

    /** Prints the address with a login code. */
    @Descriptor("print the dashboard's address with a login code that opens it once, within "
            + LoginCodes.LIFETIME_SECONDS + " seconds (berth dashboard opens it in your browser)")
    public String dashboard() throws IOException {
        String url = dashboard.loginUrl();
        if (url.isEmpty()) throw new IOException("the dashboard is not serving: " + dashboard.problem());
        return url;
    }
}
