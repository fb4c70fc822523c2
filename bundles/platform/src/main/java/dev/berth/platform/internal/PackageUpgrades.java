package dev.berth.platform.internal;

import dev.berth.api.daemon.Daemon;
import dev.berth.nativeio.Spawn;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;

/**
 * Moves a daemon that runs from the installed package onto a newer (or older) version of the package once it is
 * installed: the daemon restarts on the new jars and reattaches to the VM, which keeps running with its containers.
 */
@Component(immediate = true)
public final class PackageUpgrades {
    /** What the package's postinst writes last, once the new version is complete (its AOT cache made). */
    static final Path INSTALLED = Path.of("/var/lib/berth/installed-version");
    private final InstalledVersionWatch watch;

    /** Watches for installs when this daemon runs from the package; otherwise does nothing. */
    @Activate
    public PackageUpgrades(BundleContext context, @Reference Daemon daemon,
                           @Reference(service = LoggerFactory.class) Logger log) throws IOException {
        String lib = context.getProperty("berth.lib");
        String running = lib == null ? null : PackageVersion.of(Path.of(lib)).orElse(null);
        if (running == null) {
            this.watch = null;
            return;
        }
        log.info("running from the package, version {}", running);
        Path launcher = Path.of(lib).resolveSibling("bin").resolve("berth");
        this.watch = InstalledVersionWatch.start(INSTALLED, running, installed -> {
            log.info("Berth {} was installed; restarting the daemon on it (the VM and its containers keep running)",
                    installed);
            restart(launcher, daemon.home(), log);
        }, log);
    }

    /** Runs the new package's {@code berth restart --daemon-only}, which stops this daemon and starts its successor. */
    private static void restart(Path launcher, Path home, Logger log) {
        Map<String, String> environment = new HashMap<>(System.getenv());
        environment.put("BERTH_HOME", home.toString());
        Path out = home.resolve("logs").resolve("upgrade.log");
        try {
            if (!Files.isExecutable(launcher)) throw new IOException(launcher + " is not there");
            Spawn.detached(List.of(launcher.toString(), "restart", "--daemon-only"), environment, out);
        } catch (IOException e) {
            log.error("could not restart the daemon on the new package: {}; run berth restart --daemon-only", e.getMessage());
        }
    }

    @Deactivate
    void deactivate() {
        if (watch != null) watch.close();
    }
}
