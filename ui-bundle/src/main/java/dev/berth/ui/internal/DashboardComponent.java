package dev.berth.ui.internal;

import dev.berth.api.daemon.BerthHome;
import dev.berth.api.daemon.Daemon;
import dev.berth.api.daemon.Diagnostics;
import dev.berth.api.daemon.StartAtLogin;
import dev.berth.api.engine.EngineEndpoint;
import dev.berth.api.extension.DashboardTab;
import dev.berth.api.extension.DesktopExtension;
import dev.berth.api.extension.DockerExtensions;
import dev.berth.api.extension.ExtensionSettings;
import dev.berth.api.extension.Extensions;
import dev.berth.api.files.FileShares;
import dev.berth.api.settings.Settings;
import dev.berth.api.status.State;
import dev.berth.api.status.StatusEvents;
import dev.berth.api.status.StatusProvider;
import dev.berth.api.status.SubsystemStatus;
import dev.berth.api.vm.VirtualMachine;
import dev.berth.ui.internal.web.AccessToken;
import dev.berth.ui.internal.web.LoginCodes;
import dev.berth.ui.internal.web.PortRetry;
import dev.berth.ui.internal.web.PortTakenException;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import org.osgi.service.metatype.annotations.Designate;

/**
 * Serves the dashboard on 127.0.0.1 and reports it as subsystem {@code dashboard}. What serves is built by
 * {@link DashboardServer}; this class is about 280 lines because the declarative-services references the
 * dashboard reads, and the {@link Backends} view of them, must live on the component itself.
 */
@Component(service = {DashboardComponent.class, StatusProvider.class, EventHandler.class}, immediate = true,
        configurationPid = "berth.dashboard", property = EventConstants.EVENT_TOPIC + "=" + StatusEvents.TOPIC)
@Designate(ocd = DashboardConfig.class)
public final class DashboardComponent implements StatusProvider, EventHandler, Backends {
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());
    private final Daemon daemon;
    /** The platform's diagnostics zip, which the VM and Berth page offers for download. */
    private final Diagnostics diagnostics;
    /** The platform's autostart entry, which the dashboard's {@code startAtLogin} setting turns on and off. */
    private final StartAtLogin startAtLogin;
    private final Settings settings;
    private final Logger log;
    private final AccessToken token;
    private final LoginCodes codes = new LoginCodes(InstantSource.system());
    private final ExecutorService worker = Executors.newFixedThreadPool(4,
            r -> Thread.ofPlatform().daemon().name("berth-ui-api").unstarted(r));
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().daemon().name("berth-ui-retry").unstarted(r));
    /** A port another program holds is tried again after 5 s, then less often, at most every 30 s. */
    private final PortRetry retry = new PortRetry(timer, Duration.ofSeconds(5), Duration.ofSeconds(30));
    private final DashboardParts parts;
    private volatile DashboardConfig config;
    private volatile DashboardServer running;
    private volatile String problem = "";
    private volatile Instant since = Instant.now();

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile VirtualMachine vm;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile EngineEndpoint engine;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile FileShares fileShares;
    @Reference(service = StatusProvider.class, cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, target = "(!(component.name=dev.berth.ui.internal.DashboardComponent))")
    private volatile List<StatusProvider> others = List.of();
    @Reference(service = DesktopExtension.class, cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile List<DesktopExtension> extensions = List.of();
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile Extensions installed;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile DockerExtensions dockerExtensions;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile ExtensionSettings extensionSettings;
    /** The extensions' tabs, which outlive a move of the server to another port. */
    private final ExtensionTabs tabs;

    /** Reads or creates the access token, applies the autostart setting and starts serving. */
    @Activate
    public DashboardComponent(@Reference Daemon daemon, @Reference Settings settings,
                              @Reference(service = LoggerFactory.class) Logger log, DashboardConfig config,
                              @Reference Diagnostics diagnostics, @Reference StartAtLogin startAtLogin) throws IOException {
        this.daemon = daemon;
        this.diagnostics = diagnostics;
        this.startAtLogin = startAtLogin;
        this.settings = settings;
        this.log = log;
        this.tabs = new ExtensionTabs(log);
        this.token = AccessToken.load(new BerthHome(daemon.home()).state().resolve("dashboard.token"));
        this.parts = new DashboardParts(this, this::changed, log, diagnostics, token, codes, worker, tabs,
                () -> Optional.ofNullable(installed), () -> Optional.ofNullable(dockerExtensions));
        this.config = config;
        autostart(config);
        serve(config);
    }

    /** Moves the server when the port changed and updates the autostart entry. */
    @Modified
    void modified(DashboardConfig changed) {
        DashboardConfig before = config;
        config = changed;
        autostart(changed);
        if (before.port() != changed.port() || before.enabled() != changed.enabled()) {
            stop();
            serve(changed);
        }
    }

    /** Shows an extension's tab. */
    @Reference(service = DashboardTab.class, cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            unbind = "unbindTab")
    void bindTab(DashboardTab tab, ServiceReference<DashboardTab> ref) {
        tabs.add((Long) ref.getProperty(Constants.SERVICE_ID), tab, ref.getBundle());
    }

    void unbindTab(DashboardTab tab, ServiceReference<DashboardTab> ref) {
        tabs.remove((Long) ref.getProperty(Constants.SERVICE_ID));
    }

    /** Stops serving. */
    @Deactivate
    void deactivate() {
        stop();
        tabs.close();
        timer.shutdownNow();
        worker.shutdownNow();
    }

    private synchronized void serve(DashboardConfig c) {
        since = Instant.now();
        problem = "";
        if (c.enabled()) retry.run(() -> bind(c));
    }

    /** Builds what serves and binds the port; a port that another program holds is left to the retry. */
    private synchronized void bind(DashboardConfig c) throws PortTakenException {
        if (running != null || config != c) return;
        try {
            running = DashboardServer.open(parts, c.port(), c.startAtLogin());
            problem = "";
            since = Instant.now();
            log.info("dashboard at {} (open it with: berth dashboard)", url());
        } catch (IOException e) {
            boolean again = e.getMessage().equals(problem);
            problem = e.getMessage();
            if (e instanceof PortTakenException taken) {
                if (!again) log.warn("the dashboard cannot start yet: {}; trying again until the port is free", problem);
                throw taken;
            }
            log.error("the dashboard cannot start: {}", problem);
        }
    }

    private synchronized void stop() {
        retry.cancel();
        DashboardServer r = running;
        running = null;
        if (r != null) r.close();
    }

    private void autostart(DashboardConfig c) {
        try {
            startAtLogin.set(c.startAtLogin());
        } catch (IOException e) {
            log.error("cannot {} {}: {}", c.startAtLogin() ? "write" : "remove", startAtLogin.entry(), e.toString());
        }
    }

    private void changed() {
        DashboardServer r = running;
        if (r != null) r.systemChanged();
    }

    /** The dashboard's address without the token, or empty when it does not serve. */
    String url() {
        return running == null ? "" : "http://127.0.0.1:" + running.port() + "/";
    }

    /** The address with a new one-time login code, which the dashboard exchanges for its cookie, or empty. */
    String loginUrl() {
        String base = url();
        return base.isEmpty() ? "" : base + "?code=" + codes.issue();
    }

    /** Why the dashboard does not serve, or empty. */
    String problem() {
        if (!config.enabled()) return "the dashboard is switched off; switch it on with: berth settings dashboard.enabled true";
        return retry.nextTry().map(at -> problem + " (trying again at " + CLOCK.format(at) + ")").orElse(problem);
    }

    @Override
    public void handleEvent(Event event) {
        changed();
    }

    @Override
    public SubsystemStatus status() {
        Map<String, String> facts = new LinkedHashMap<>();
        State state;
        if (!config.enabled()) {
            state = State.DISABLED;
        } else if (running != null) {
            state = State.RUNNING;
            facts.put("url", url());
        } else {
            state = State.FAILED;
        }
        facts.put("port", Integer.toString(config.port()));
        return new SubsystemStatus("dashboard", state, running != null ? "open it with: berth dashboard" : problem(), facts, since);
    }

    @Override
    public Daemon daemon() {
        return daemon;
    }

    @Override
    public Settings settings() {
        return settings;
    }

    @Override
    public Optional<VirtualMachine> vm() {
        return Optional.ofNullable(vm);
    }

    @Override
    public Optional<EngineEndpoint> engine() {
        return Optional.ofNullable(engine);
    }

    @Override
    public Optional<FileShares> fileShares() {
        return Optional.ofNullable(fileShares);
    }

    @Override
    public List<StatusProvider> statuses() {
        List<StatusProvider> all = new java.util.ArrayList<>(others);
        all.add(this);
        return all;
    }

    @Override
    public Optional<ExtensionSettings> extensionSettings() {
        return Optional.ofNullable(extensionSettings);
    }

    @Override
    public List<DesktopExtension> extensions() {
        return extensions;
    }
}
