package dev.berth.engine.internal;

import dev.berth.engine.intercept.RequestInterceptor;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpRequest;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Several interceptors one after the other on the same request, until one answers. */
final class InTurn implements RequestInterceptor {
    private final List<RequestInterceptor> all;

    private InTurn(List<RequestInterceptor> all) {
        this.all = all;
    }

    /** The given interceptors in turn; a single one is returned as it is. */
    static RequestInterceptor of(List<RequestInterceptor> all) {
        return all.size() == 1 ? all.getFirst() : new InTurn(all);
    }

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
}
