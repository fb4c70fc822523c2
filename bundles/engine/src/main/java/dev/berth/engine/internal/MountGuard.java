package dev.berth.engine.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.api.files.FileShares;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * Refuses requests that would bind-mount host paths outside every file share, before any other interceptor sees
 * them; a body it cannot read, or a bind while file sharing is not running, is refused too, since it cannot be
 * checked.
 */
final class MountGuard implements RequestInterceptor {
    private final Supplier<Optional<FileShares>> shares;

    /** @param shares the file shares, when file sharing is running */
    MountGuard(Supplier<Optional<FileShares>> shares) {
        this.shares = shares;
    }

    @Override
    public boolean wants(HttpRequest head) {
        return head.method().name().equalsIgnoreCase("POST") && MountCheck.checks(ApiPath.of(head.uri()));
    }

    @Override
    public CompletionStage<Optional<FullHttpResponse>> inspect(FullHttpRequest request) {
        return CompletableFuture.completedFuture(verdict(ApiPath.of(request.uri()),
                request.content().toString(StandardCharsets.UTF_8)));
    }

    /** The refusal of a request to {@code route} with this body, or empty to let it through. */
    Optional<FullHttpResponse> verdict(ApiPath route, String body) {
        JsonNode json;
        try {
            json = GoJson.parse(body);
        } catch (JsonProcessingException e) {
            return Optional.of(EngineErrors.json(HttpResponseStatus.BAD_REQUEST,
                    "Berth cannot check the mounts of this request: invalid JSON: " + e.getOriginalMessage()));
        }
        Optional<FileShares> now = shares.get();
        return MountCheck.firstUnshared(route, json, now).map(path -> now.isPresent()
                ? EngineErrors.json(HttpResponseStatus.BAD_REQUEST, MountCheck.deniedMessage(path))
                : EngineErrors.json(HttpResponseStatus.INTERNAL_SERVER_ERROR, MountCheck.noSharingMessage(path)));
    }
}
