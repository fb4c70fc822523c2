package dev.berth.platform.internal;

import dev.berth.api.daemon.BerthHome;
import dev.berth.api.daemon.Daemon;
import dev.berth.api.status.State;
import dev.berth.cli.home.PrivateHome;
import dev.berth.api.status.StatusProvider;
import dev.berth.api.status.SubsystemStatus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import org.osgi.service.component.annotations.Reference;

/** The daemon's identity: its home folder, pid file and orderly shutdown. */
@Component(service = {Daemon.class, StatusProvider.class}, immediate = true)
public final class DaemonComponent implements Daemon, StatusProvider {
    private final BerthHome home;
    private final BundleContext context;
    private final Instant startedAt = Instant.now();
    private final Logger log;
    private final Path pidFile;

    /** Resolves the home folder, keeps it private and writes the pid file. */
    @Activate
    public DaemonComponent(BundleContext context,
                           @Reference(service = LoggerFactory.class) Logger log) throws IOException {
        this.context = context;
        this.log = log;
        this.home = HomeResolver.resolve(context);
        List<Path> tightened = PrivateHome.prepare(home.root());
        if (!tightened.isEmpty()) {
            log.warn("other users could read Berth's home; made these private to their owner: {}", tightened);
        }
        this.pidFile = home.run().resolve("berthd.pid");
        PrivateHome.write(pidFile, (ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII));
        log.info("Berth {} daemon started, pid {}, home {}", version(), pid(), home.root());
    }

    /** Removes the pid file when it is still ours. */
    @Deactivate
    void deactivate() {
        try {
            String content = Files.readString(pidFile).trim();
            if (content.equals(Long.toString(pid()))) {
                Files.deleteIfExists(pidFile);
            }
        } catch (IOException e) {
            log.debug("pid file already gone: {}", e.toString());
        }
    }

    @Override
    public Path home() {
        return home.root();
    }

    @Override
    public String version() {
        return context.getBundle().getVersion().toString();
    }

    @Override
    public long pid() {
        return ProcessHandle.current().pid();
    }

    @Override
    public Instant startedAt() {
        return startedAt;
    }

    @Override
    public void shutdown(boolean stopVm) {
        log.info("shutdown requested (stop VM: {})", stopVm);
        Thread.ofPlatform().name("berth-shutdown").daemon(false).start(() -> {
            try {
                context.getBundle(0).stop();
            } catch (BundleException e) {
                log.error("framework did not stop: {}", e.toString());
                Runtime.getRuntime().halt(1);
            }
        });
    }

    @Override
    public SubsystemStatus status() {
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("pid", Long.toString(pid()));
        facts.put("version", version());
        facts.put("uptime", Durations.human(Duration.between(startedAt, Instant.now())));
        facts.put("home", home.root().toString());
        facts.put("java", Runtime.version().toString());
        return new SubsystemStatus("daemon", State.RUNNING, "", facts, startedAt);
    }
}
