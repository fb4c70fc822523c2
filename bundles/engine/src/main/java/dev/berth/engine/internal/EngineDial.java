package dev.berth.engine.internal;

import dev.berth.api.vm.GuestEndpoint;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.util.concurrent.Future;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.osgi.service.log.Logger;

/**
 * Opens a client connection's own link to the engine: asks for the engine off the event loop (a paused VM resumes
 * meanwhile, and the other connections on the loop are served), then connects, and tells the handler the outcome.
 */
final class EngineDial {
    private final GuestConnector connector;
    private final Supplier<Optional<GuestEndpoint>> guest;
    private final Executor wakers;
    private final Logger log;

    /**
     * @param guest  the engine for a client; it may block while a paused VM resumes, so it is asked on {@code wakers}
     * @param wakers threads that may block
     */
    EngineDial(GuestConnector connector, Supplier<Optional<GuestEndpoint>> guest, Executor wakers, Logger log) {
        this.connector = connector;
        this.guest = guest;
        this.wakers = wakers;
        this.log = log;
    }

    /** Starts dialing for {@code handler}'s client; the outcome comes back on the client's event loop. */
    void dial(ChannelHandlerContext ctx, FrontendHandler handler) {
        CompletableFuture.supplyAsync(guest, wakers).whenComplete((endpoint, error) ->
                ctx.executor().execute(() -> reached(ctx, handler, endpoint, error)));
    }

    private void reached(ChannelHandlerContext ctx, FrontendHandler handler, Optional<GuestEndpoint> endpoint,
                         Throwable error) {
        if (handler.isClosing()) return;
        if (error != null) log.warn("cannot ask for the engine: {}", error.toString());
        if (error != null || endpoint.isEmpty()) {
            handler.answerAndClose(EngineErrors.vmNotRunning());
            return;
        }
        Future<Channel> ready = connector.connect(ctx.channel(), endpoint.get(), handler);
        ready.addListener(f -> connected(handler, ready));
    }

    private void connected(FrontendHandler handler, Future<Channel> future) {
        if (handler.isClosing()) {
            if (future.isSuccess()) future.getNow().close();
            return;
        }
        if (!future.isSuccess()) {
            log.debug("cannot reach the engine: {}", future.cause().toString());
            handler.answerAndClose(EngineErrors.unreachable(future.cause()));
            return;
        }
        handler.linked(future.getNow());
    }
}
