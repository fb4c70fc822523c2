package dev.berth.engine.internal;

import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpRequest;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * A hook that sees chosen Docker API requests before they reach the engine and may answer them itself, for
 * example to publish a container's ports before it starts or to refuse a bind mount outside the file shares.
 *
 * <p>Implementations are DS components of this bundle registered with {@code service = RequestInterceptor.class};
 * the first one that {@linkplain #wants wants} a request inspects it.
 */
public interface RequestInterceptor {
    /** Whether to inspect the request with this head; called on a network thread, so it must not block. */
    boolean wants(HttpRequest head);

    /**
     * Inspects the whole request, its body gathered in memory (at most {@link BodyCollector#LIMIT} bytes).
     *
     * @param request the request, owned by the proxy; the interceptor may change its headers and content
     * @return a response to answer locally, or empty to forward the (possibly changed) request to the engine
     */
    CompletionStage<Optional<FullHttpResponse>> inspect(FullHttpRequest request);
}
