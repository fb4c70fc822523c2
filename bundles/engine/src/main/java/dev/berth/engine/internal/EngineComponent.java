package dev.berth.engine.internal;

import dev.berth.api.daemon.BerthHome;
import dev.berth.api.daemon.Daemon;
import dev.berth.api.engine.EngineEndpoint;
import dev.berth.api.files.FileShares;
import dev.berth.api.status.State;
import dev.berth.api.status.StatusProvider;
import dev.berth.api.status.SubsystemStatus;
import dev.berth.api.vm.GuestChannel;
import dev.berth.api.vm.GuestEndpoint;
import dev.berth.engine.intercept.RequestInterceptor;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.stream.Stream;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Serves the Docker Engine API on a host Unix socket and proxies it to dockerd in Berth's VM. */
@Component(service = {EngineEndpoint.class, StatusProvider.class}, immediate = true, configurationPid = "berth.engine")
@Designate(ocd = EngineComponent.Config.class)
public final class EngineComponent implements EngineEndpoint, StatusProvider {
    private static final Duration CLIENT_CHECK = Duration.ofSeconds(5);

    /** Engine settings, section {@code engine} of settings.json. */
    @ObjectClassDefinition(name = "Berth engine")
    public @interface Config {
        /** Path of the Docker API socket; empty means {@code <berth home>/run/docker.sock}. */
        @AttributeDefinition(description = "Path of the Docker API socket; empty means <berth home>/run/docker.sock")
        String socket() default "";
    }

    private final Path socket;
    private final EngineServer server;
    private final String failure;
    private final Instant since = Instant.now();
    private volatile boolean stopped;
    private final Thread keepAwake;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile GuestChannel guest;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile FileShares shares;

    /** Checks mounts before every other interceptor, and refuses binds while file sharing is missing. */
    private final MountGuard mounts = new MountGuard(() -> Optional.ofNullable(shares));

    @Reference(service = RequestInterceptor.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile List<RequestInterceptor> interceptors = List.of();

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile PortsComponent portsComponent;

    /** Binds the socket and starts serving; a socket that cannot be served is reported as FAILED. */
    @Activate
    public EngineComponent(@Reference Daemon daemon, @Reference(service = LoggerFactory.class) Logger log, Config config) {
        Path run = new BerthHome(daemon.home()).run();
        this.socket = config.socket().isBlank() ? run.resolve("docker.sock") : Path.of(config.socket()).toAbsolutePath();
        EngineServer started = null;
        String problem = "";
        try {
            SocketFile.prepare(socket, socket.getParent().equals(run));
            started = new EngineServer(socket, this::endpoint,
                    () -> Stream.concat(Stream.of(mounts), interceptors.stream()).toList(), log);
            log.info("Docker API listening on {} (DOCKER_HOST={})", socket, dockerHost());
        } catch (IOException e) {
            problem = e.getMessage();
            log.error("cannot serve the Docker API: {}", problem);
        }
        this.server = started;
        this.failure = problem;
        this.keepAwake = Thread.ofVirtual().name("berth-engine-clients").start(this::keepAwakeWhileClientsWait);
    }

    /**
     * Tells the VM every few seconds that clients are connected: the idle pause counts only requests as they begin,
     * and would otherwise pause the VM under a request still waiting for its answer, or a followed stream.
     */
    private void keepAwakeWhileClientsWait() {
        while (!stopped) {
            try {
                Thread.sleep(CLIENT_CHECK);
            } catch (InterruptedException e) {
                return;
            }
            GuestChannel channel = guest;
            EngineServer s = server;
            if (!stopped && channel != null && s != null && s.connections() > 0) channel.clientsConnected();
        }
    }

    /** Closes the socket and every connection. */
    @Deactivate
    void deactivate() {
        stopped = true;
        keepAwake.interrupt();
        if (server != null) server.close();
    }

    private Optional<GuestEndpoint> endpoint() {
        GuestChannel channel = guest;
        return channel == null ? Optional.empty() : channel.dockerForClient();
    }

    @Override
    public Path socket() {
        return socket;
    }

    @Override
    public CompletionStage<Void> portsPublished() {
        PortsComponent p = portsComponent;
        return p == null ? CompletableFuture.completedFuture(null) : p.published();
    }

    @Override
    public State state() {
        if (server == null) return State.FAILED;
        return stopped ? State.STOPPED : State.RUNNING;
    }

    @Override
    public SubsystemStatus status() {
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("socket", socket.toString());
        facts.put("DOCKER_HOST", dockerHost());
        facts.put("connections", Integer.toString(server == null || stopped ? 0 : server.connections()));
        return new SubsystemStatus("engine", state(), failure, facts, since);
    }
}
