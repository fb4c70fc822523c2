package dev.berth.engine.intercept;

import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpRequest;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * A hook that sees chosen Docker API requests before they reach the engine and may answer them itself, for
 * example to publish a container's ports before it starts or to refuse a bind mount outside the file shares.
 *
 * <p>Implementations are DS components registered with {@code service = RequestInterceptor.class}; the proxy
 * asks its own mount guard first, then every registered one that {@linkplain #wants wants} a request inspects it
 * in turn, and the first answer ends the turn.
 */
public interface RequestInterceptor {
    /** Whether to inspect the request with this head; called on a network thread, so it must not block. */
    boolean wants(HttpRequest head);

    /**
     * Inspects the whole request, its body gathered in memory (at most 4 MiB; a larger body is refused with a 413).
     *
     * @param request the request, owned by the proxy; the interceptor may change its headers and content
     * @return a response to answer locally, or empty to forward the (possibly changed) request to the engine
     */
    CompletionStage<Optional<FullHttpResponse>> inspect(FullHttpRequest request);
}
