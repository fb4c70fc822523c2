package dev.berth.platform.internal;

import dev.berth.api.daemon.Daemon;
import dev.berth.api.settings.Settings;
import dev.berth.api.settings.SettingsProblem;
import dev.berth.api.status.State;
import dev.berth.api.status.StatusProvider;
import dev.berth.api.status.SubsystemStatus;
import dev.berth.cli.home.PrivateHome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Dictionary;
import java.util.HashSet;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;

/**
 * Keeps {@code settings.json} and the {@code berth.<section>} configurations in step.
 *
 * <p>A file that does not parse leaves the last good configurations in force and is reported with its line.
 */
@Component(service = {Settings.class, StatusProvider.class}, immediate = true)
public final class SettingsStore implements Settings, StatusProvider {
    static final String PID_PREFIX = "berth.";
    static final String SOURCE = "berth.settings.source";
    private final ConfigurationAdmin cm;
    private final Logger log;
    private final Path file;
    private final Path lastGood;
    private final FileWatcher watcher;
    private Map<String, Map<String, Object>> current = Map.of();
    private volatile SettingsProblem problem;

    /** Applies the file (or the last good copy when the file is broken) and watches it for edits. */
    @Activate
    public SettingsStore(@Reference Daemon daemon, @Reference ConfigurationAdmin cm,
                         @Reference(service = LoggerFactory.class) Logger log) throws IOException {
        this.cm = cm;
        this.log = log;
        this.file = daemon.home().resolve("settings.json");
        this.lastGood = daemon.home().resolve("state").resolve("settings.last-good.json");
        if (!reload() && Files.exists(lastGood)) {
            try {
                apply(SettingsParser.parse(lastGood));
                log.warn("applied the last good settings from {}", lastGood);
            } catch (SettingsParser.Invalid e) {
                log.error("the last good settings copy is broken too: {}", e.getMessage());
            }
        }
        this.watcher = new FileWatcher(file, this::reload, "berth-settings-watch", log);
    }

    /** Stops watching the file. */
    @Deactivate
    void deactivate() {
        watcher.close();
    }

    /** Reads and applies the file; returns false when it is broken and was not applied. */
    synchronized boolean reload() {
        try {
            Map<String, Map<String, Object>> sections = Files.exists(file) ? SettingsParser.parse(file) : Map.of();
            apply(sections);
            if (problem != null) log.info("{} is valid again and applied", file);
            problem = null;
            if (Files.exists(file)) PrivateHome.write(lastGood, Files.readAllBytes(file));
            return true;
        } catch (SettingsParser.Invalid e) {
            problem = e.problem;
            log.error("{}; keeping the last good settings", e.problem.describe());
            return false;
        } catch (IOException e) {
            problem = new SettingsProblem(file, 0, 0, e.toString());
            log.error("cannot read {}: {}; keeping the last good settings", file, e.toString());
            return false;
        }
    }

    private void apply(Map<String, Map<String, Object>> sections) throws IOException {
        Set<String> seen = new HashSet<>();
        for (var section : sections.entrySet()) {
            String pid = PID_PREFIX + section.getKey();
            seen.add(pid);
            Dictionary<String, Object> props = new Hashtable<>(section.getValue());
            props.put(SOURCE, file.toString());
            Configuration c = cm.getConfiguration(pid, "?");
            if (c.updateIfDifferent(props)) log.info("settings section '{}' applied", section.getKey());
        }
        try {
            Configuration[] ours = cm.listConfigurations("(" + SOURCE + "=*)");
            for (Configuration c : ours == null ? new Configuration[0] : ours) {
                if (!seen.contains(c.getPid()) && hasValues(c.getProperties())) {
                    Dictionary<String, Object> empty = new Hashtable<>();
                    empty.put(SOURCE, file.toString());
                    c.update(empty);
                    log.info("settings section '{}' removed; defaults apply", c.getPid().substring(PID_PREFIX.length()));
                }
            }
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
        current = Collections.unmodifiableMap(new LinkedHashMap<>(sections));
    }

    private static boolean hasValues(Dictionary<String, Object> props) {
        if (props == null) return false;
        for (String key : Collections.list(props.keys())) {
            if (!key.equals(SOURCE) && !key.startsWith("service.") && !key.startsWith("felix.")) return true;
        }
        return false;
    }

    @Override
    public Path file() {
        return file;
    }

    @Override
    public synchronized Map<String, Map<String, Object>> current() {
        return current;
    }

    @Override
    public Optional<SettingsProblem> problem() {
        return Optional.ofNullable(problem);
    }

    @Override
    public synchronized void set(String key, Object value) throws IOException {
        SettingsFile.edit(file, key, value);
        reload();
    }

    @Override
    public synchronized void unset(String key) throws IOException {
        SettingsFile.edit(file, key, null);
        reload();
    }

    @Override
    public SubsystemStatus status() {
        SettingsProblem p = problem;
        Map<String, String> facts = Map.of("file", file.toString());
        return p == null
                ? new SubsystemStatus("settings", State.RUNNING, "", facts, null)
                : new SubsystemStatus("settings", State.FAILED,
                        p.describe() + "; the last good settings stay in force until the file is fixed", facts, null);
    }
}
