package dev.berth.ui.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.api.daemon.BerthHome;
import dev.berth.api.engine.EngineEndpoint;
import dev.berth.api.status.State;
import dev.berth.api.vm.VirtualMachine;
import dev.berth.api.vm.VmInfo;
import dev.berth.ui.internal.docker.DockerClient;
import dev.berth.ui.internal.web.RequestGuard;
import dev.berth.ui.internal.web.Router;
import dev.berth.ui.internal.web.StaticFiles;
import dev.berth.ui.internal.web.WebServer;
import io.netty.channel.ChannelHandler;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/** The dashboard serving on one port: its engine client, VM operations, live hub, routes and web server. */
final class DashboardServer {
    /** How often Docker's disk use is measured; it walks every layer and volume, so not often. */
    private static final long DF_INTERVAL_NANOS = 15_000_000_000L;
    private final DashboardParts parts;
    private final DockerClient docker;
    private final VmOperations operations;
    private final LiveHub hub;
    private final ProcessCpu vmCpu = new ProcessCpu();
    private volatile WebServer server;
    private volatile JsonNode dockerDf;
    private volatile long dfAsked;

    private DashboardServer(DashboardParts parts) throws IOException {
        this.parts = parts;
        this.docker = new DockerClient(() -> running(parts).map(EngineEndpoint::socket));
        this.operations = new VmOperations(parts.backends(), parts.changed(), parts.log());
        this.hub = new LiveHub(docker, this::systemView);
    }

    /** Builds everything and binds {@code port}; when binding fails, what was built is closed again. */
    static DashboardServer open(DashboardParts parts, int port, boolean startAtLogin) throws IOException {
        DashboardServer s = new DashboardServer(parts);
        try {
            s.bind(port, startAtLogin);
            return s;
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    private void bind(int port, boolean startAtLogin) throws IOException {
        Router router = new Router();
        DockerRoutes dockerRoutes = new DockerRoutes(docker);
        dockerRoutes.register(router);
        new SystemRoutes(parts.backends(), this::systemView, operations, dockerRoutes, parts.diagnostics(),
                List.of(parts.token().value()), Map.of("dashboard.port", port, "dashboard.startAtLogin", startAtLogin))
                .register(router);
        Supplier<Optional<String>> dockerHost = () -> running(parts).map(EngineEndpoint::dockerHost);
        DdCalls ddCalls = new DdCalls(new DdReach(dockerRoutes, docker, dockerHost),
                new BerthHome(parts.backends().daemon().home()).bin().resolve("docker"));
        new ExtensionRoutes(parts.installed(), parts.dockerExtensions(), parts.tabs(), ddCalls, port).register(router);
        server = new WebServer(port, new RequestGuard(parts.token(), parts.codes(), port), router,
                new StaticFiles(getClass().getClassLoader()), path -> sockets(path, ddCalls, dockerHost), parts.worker(),
                parts.tabs(), new DdSites(parts.dockerExtensions(), port));
    }

    private static Optional<EngineEndpoint> running(DashboardParts parts) {
        return parts.backends().engine().filter(e -> e.state() == State.RUNNING);
    }

    private ChannelHandler sockets(String path, DdCalls dd, Supplier<Optional<String>> dockerHost) {
        if (path.equals("/ws")) return new LiveSession(hub);
        if (path.startsWith(DdExecSocket.PREFIX)) {
            return DdExecSocket.open(path, parts.dockerExtensions().get(), dd, dockerHost);
        }
        if (path.startsWith(ExtensionTabs.PREFIX)) return parts.tabs().socket(path);
        if (path.startsWith("/ws/exec/") && path.length() > 9 && path.indexOf('/', 9) < 0) {
            return new TerminalSocket(docker, path.substring(9));
        }
        return null;
    }

    /** The VM and Berth page's document, with Docker's disk use measured at most every 15 s. */
    private ObjectNode systemView() {
        Optional<VmInfo> info = parts.backends().vm().flatMap(VirtualMachine::info);
        double cpu = info.map(i -> vmCpu.percent(i.pid())).orElse(-1.0);
        if (info.isPresent() && System.nanoTime() - dfAsked > DF_INTERVAL_NANOS) {
            dfAsked = System.nanoTime();
            new DockerRoutes(docker).get("/system/df").thenAccept(df -> dockerDf = df);
        }
        return SystemView.of(parts.backends(), info, cpu, operations.current(), info.isPresent() ? dockerDf : null);
    }

    /** The port it serves on. */
    int port() {
        return server.port();
    }

    /** Pushes the VM and Berth page to open pages at once. */
    void systemChanged() {
        hub.systemChanged();
    }

    void close() {
        if (server != null) server.close();
        hub.close();
        operations.close();
        docker.close();
    }
}
