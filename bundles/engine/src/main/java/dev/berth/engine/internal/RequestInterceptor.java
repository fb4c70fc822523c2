package dev.berth.engine.internal;

import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpRequest;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A hook that sees chosen Docker API requests before they reach the engine and may answer them itself, for
 * example to publish a container's ports before it starts or to refuse a bind mount outside the file shares.
 *
 * <p>Implementations are DS components of this bundle registered with {@code service = RequestInterceptor.class},
 * after the proxy's own {@link MountGuard}; every one that {@linkplain #wants wants} a request inspects it in turn,
 * and the first answer ends the turn.
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

    /** The interceptors one after the other on the same request, until one answers. */
    static RequestInterceptor inTurn(List<RequestInterceptor> all) {
        if (all.size() == 1) return all.getFirst();
        return new RequestInterceptor() {
            @Override
            public boolean wants(HttpRequest head) {
                return all.stream().anyMatch(i -> i.wants(head));
            }

            @Override
            public CompletionStage<Optional<FullHttpResponse>> inspect(FullHttpRequest request) {
                CompletionStage<Optional<FullHttpResponse>> verdict = CompletableFuture.completedFuture(Optional.empty());
                for (RequestInterceptor next : all) {
                    verdict = verdict.thenCompose(answer -> answer.isPresent()
                            ? CompletableFuture.completedFuture(answer) : next.inspect(request));
                }
                return verdict;
            }
        };
    }
}
