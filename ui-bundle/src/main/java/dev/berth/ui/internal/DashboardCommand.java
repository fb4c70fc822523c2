package dev.berth.ui.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** The {@code berth:dashboard} command: prints the dashboard's address with its token and opens a browser when it can. */
@Component(service = DashboardCommand.class, property = {"osgi.command.scope=berth", "osgi.command.function=dashboard"})
public final class DashboardCommand {
    private final DashboardComponent dashboard;

    /** Uses the running dashboard. */
    @Activate
    public DashboardCommand(@Reference DashboardComponent dashboard) {
        this.dashboard = dashboard;
    }

    /** Prints the address and opens it in a browser when a desktop session is there. */
    @Descriptor("open the dashboard in your browser, or print its address (with the access token) when there is no desktop")
    public String dashboard(
            @Descriptor("only print the address")
            @Parameter(names = {"-p", "--print"}, absentValue = "false", presentValue = "true") boolean print) throws IOException {
        String url = dashboard.urlWithToken();
        if (url.isEmpty()) throw new IOException("the dashboard is not serving: " + dashboard.problem());
        if (print || !hasDesktop(System.getenv())) return url;
        try {
            new ProcessBuilder("xdg-open", url).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return "Opened the dashboard in your browser: " + url;
        } catch (IOException e) {
            return url;
        }
    }

    /** Whether a browser can be shown: a display is set and {@code xdg-open} exists. */
    static boolean hasDesktop(Map<String, String> env) {
        boolean display = !env.getOrDefault("DISPLAY", "").isBlank() || !env.getOrDefault("WAYLAND_DISPLAY", "").isBlank();
        return display && Files.isExecutable(Path.of("/usr/bin/xdg-open"));
    }
}
