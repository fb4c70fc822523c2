package dev.berth.engine.internal;

import dev.berth.api.network.PortForwarder;
import dev.berth.api.status.State;
import dev.berth.api.status.StatusEvents;
import dev.berth.api.vm.GuestChannel;
import dev.berth.api.vm.VirtualMachine;
import dev.berth.engine.intercept.RequestInterceptor;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpRequest;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;

/**
 * Publishes containers' ports on the host: when the proxy starts a container, and as container events arrive; the
 * VM's state changes tell it when a new run's containers are to be reconciled.
 */
@Component(service = {RequestInterceptor.class, PortsComponent.class, EventHandler.class}, immediate = true, property = {
        EventConstants.EVENT_TOPIC + "=" + StatusEvents.TOPIC,
        EventConstants.EVENT_FILTER + "=(" + StatusEvents.SUBSYSTEM + "=vm)"})
public final class PortsComponent implements RequestInterceptor, EventHandler {
    private final EngineApi api;
    private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
    private final StartInterceptor start;
    private final ContainerWatcher watcher;

    /** Starts following the engine's container events. */
    @Activate
    public PortsComponent(@Reference GuestChannel guest, @Reference VirtualMachine vm, @Reference PortForwarder ports,
                          @Reference(service = LoggerFactory.class) Logger log) {
        this.api = new EngineApi(() -> guest);
        this.start = new StartInterceptor(api, ports, workers);
        this.watcher = new ContainerWatcher(api, ports, () -> vm.state() == State.RUNNING, log);
    }

    /** Stops following events. */
    @Deactivate
    void deactivate() {
        watcher.close();
        workers.shutdownNow();
        api.close();
    }

    /** The VM's state changed: a run that begins is followed at once (berth start waits for its reconcile). */
    @Override
    public void handleEvent(Event event) {
        watcher.vmChanged();
    }

    /** Completes once the running containers' ports are published for the VM's current run. */
    CompletionStage<Void> published() {
        return watcher.reconciled();
    }

    @Override
    public boolean wants(HttpRequest head) {
        return start.wants(head);
    }

    @Override
    public CompletionStage<Optional<FullHttpResponse>> inspect(FullHttpRequest request) {
        return start.inspect(request);
    }
}
