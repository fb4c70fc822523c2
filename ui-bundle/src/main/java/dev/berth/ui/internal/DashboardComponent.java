package dev.berth.ui.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.api.daemon.BerthHome;
import dev.berth.api.daemon.Daemon;
import dev.berth.api.daemon.Diagnostics;
import dev.berth.api.daemon.StartAtLogin;
import dev.berth.api.engine.EngineEndpoint;
import dev.berth.api.extension.DashboardTab;
import dev.berth.api.extension.DesktopExtension;
import dev.berth.api.extension.DockerExtensions;
import dev.berth.api.extension.Extensions;
import dev.berth.api.files.FileShares;
import dev.berth.api.settings.Settings;
import dev.berth.api.status.State;
import dev.berth.api.status.StatusEvents;
import dev.berth.api.status.StatusProvider;
import dev.berth.api.status.SubsystemStatus;
import dev.berth.api.vm.VirtualMachine;
import dev.berth.ui.internal.docker.DockerClient;
import dev.berth.ui.internal.web.AccessToken;
import dev.berth.ui.internal.web.LoginCodes;
import dev.berth.ui.internal.web.PortRetry;
import dev.berth.ui.internal.web.PortTakenException;
import dev.berth.ui.internal.web.RequestGuard;
import dev.berth.ui.internal.web.Router;
import dev.berth.ui.internal.web.StaticFiles;
import dev.berth.ui.internal.web.WebServer;
import java.io.IOException;
import java.nio.file.Path;
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
import java.util.function.Supplier;
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

/** Serves the dashboard on 127.0.0.1 and reports it as subsystem {@code dashboard}. */
@Component(service = {DashboardComponent.class, StatusProvider.class, EventHandler.class}, immediate = true,
        configurationPid = "berth.dashboard", property = EventConstants.EVENT_TOPIC + "=" + StatusEvents.TOPIC)
@Designate(ocd = DashboardConfig.class)
public final class DashboardComponent implements StatusProvider, EventHandler, Backends {
    /** How often Docker's disk use is measured; it walks every layer and volume, so not often. */
    private static final long DF_INTERVAL_NANOS = 15_000_000_000L;
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
    private final ProcessCpu vmCpu = new ProcessCpu();
    private volatile DashboardConfig config;
    private volatile Running running;
    private volatile String problem = "";
    private volatile Instant since = Instant.now();
    private volatile JsonNode dockerDf;
    private volatile long dfAsked;

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
    /** The extensions' tabs, which outlive a move of the server to another port. */
    private final ExtensionTabs tabs;

    /** What serves while the dashboard is on. */
    private record Running(WebServer server, DockerClient docker, LiveHub hub, VmOperations operations) {
        void close() {
            server.close();
            hub.close();
            operations.close();
            docker.close();
        }
    }

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
        DockerClient docker = null;
        VmOperations operations = null;
        LiveHub hub = null;
        try {
            docker = new DockerClient(() -> Optional.ofNullable(engine).filter(e -> e.state() == State.RUNNING)
                    .map(EngineEndpoint::socket));
            DockerClient client = docker;
            VmOperations ops = new VmOperations(this, this::changed, log);
            operations = ops;
            LiveHub live = new LiveHub(docker, () -> systemView(ops, client));
            hub = live;
            Router router = new Router();
            DockerRoutes dockerRoutes = new DockerRoutes(docker);
            dockerRoutes.register(router);
            new SystemRoutes(this, () -> systemView(ops, client), ops, dockerRoutes,
                    diagnostics, List.of(token.value()), Map.of("dashboard.port", c.port(),
                    "dashboard.startAtLogin", c.startAtLogin())).register(router);
            Supplier<Optional<String>> dockerHost = () -> Optional.ofNullable(engine).filter(e -> e.state() == State.RUNNING)
                    .map(EngineEndpoint::dockerHost);
            DdCalls ddCalls = new DdCalls(new DdReach(dockerRoutes, docker, dockerHost),
                    new BerthHome(daemon.home()).bin().resolve("docker"));
            new ExtensionRoutes(() -> Optional.ofNullable(installed), () -> Optional.ofNullable(dockerExtensions), tabs,
                    ddCalls, c.port()).register(router);
            WebServer server = new WebServer(c.port(), new RequestGuard(token, codes, c.port()), router,
                    new StaticFiles(getClass().getClassLoader()),
                    path -> sockets(path, live, client, ddCalls, dockerHost), worker, tabs,
                    new DdSites(() -> Optional.ofNullable(dockerExtensions), c.port()));
            running = new Running(server, docker, live, ops);
            problem = "";
            since = Instant.now();
            log.info("dashboard at {} (open it with: berth dashboard)", url());
        } catch (IOException e) {
            if (hub != null) hub.close();
            if (operations != null) operations.close();
            if (docker != null) docker.close();
            boolean again = e.getMessage().equals(problem);
            problem = e.getMessage();
            if (e instanceof PortTakenException taken) {
                if (!again) log.warn("the dashboard cannot start yet: {}; trying again until the port is free", problem);
                throw taken;
            }
            log.error("the dashboard cannot start: {}", problem);
        }
    }

    private io.netty.channel.ChannelHandler sockets(String path, LiveHub hub, DockerClient docker, DdCalls dd,
                                                    Supplier<Optional<String>> dockerHost) {
        if (path.equals("/ws")) return new LiveSession(hub);
        if (path.startsWith(DdExecSocket.PREFIX)) return DdExecSocket.open(path, Optional.ofNullable(dockerExtensions), dd, dockerHost);
        if (path.startsWith("/ws/exec/") && path.length() > 9 && path.indexOf('/', 9) < 0) {
            return new TerminalSocket(docker, path.substring(9));
        }
        return null;
    }

    private synchronized void stop() {
        retry.cancel();
        Running r = running;
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

    private ObjectNode systemView(VmOperations operations, DockerClient docker) {
        Optional<dev.berth.api.vm.VmInfo> info = vm().flatMap(VirtualMachine::info);
        double cpu = info.map(i -> vmCpu.percent(i.pid())).orElse(-1.0);
        if (info.isPresent() && System.nanoTime() - dfAsked > DF_INTERVAL_NANOS) {
            dfAsked = System.nanoTime();
            new DockerRoutes(docker).get("/system/df").thenAccept(df -> dockerDf = df);
        }
        return SystemView.of(this, info, cpu, operations.current(), info.isPresent() ? dockerDf : null);
    }

    private void changed() {
        Running r = running;
        if (r != null) r.hub().systemChanged();
    }

    /** The dashboard's address without the token, or empty when it does not serve. */
    String url() {
        return running == null ? "" : "http://127.0.0.1:" + running.server().port() + "/";
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
    public List<DesktopExtension> extensions() {
        return extensions;
    }
}
