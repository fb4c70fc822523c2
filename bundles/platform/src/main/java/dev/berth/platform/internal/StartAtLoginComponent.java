package dev.berth.platform.internal;

import dev.berth.api.daemon.Daemon;
import dev.berth.api.daemon.StartAtLogin;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** Offers the XDG autostart entry that starts this installation's Berth for this user. */
@Component(service = StartAtLogin.class)
public final class StartAtLoginComponent implements StartAtLogin {
    private final Autostart entry;

    @Activate
    public StartAtLoginComponent(@Reference Daemon daemon) {
        // the daemon runs from its executable jar, beside which the client's jar lies
        Path jar = Path.of(System.getProperty("java.class.path", "berth.jar").split(File.pathSeparator)[0]);
        this.entry = Autostart.forUser(System.getenv(), System.getProperty("user.home"), daemon.home(), jar);
    }

    @Override
    public void set(boolean enabled) throws IOException {
        entry.apply(enabled);
    }

    @Override
    public Path entry() {
        return entry.file();
    }
}
