package dev.berth.engine.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.api.files.FileShares;
import dev.berth.engine.intercept.RequestInterceptor;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Refuses requests that would bind-mount host paths outside every file share, before any other interceptor sees
 * them; a body it cannot read, or a bind while file sharing is not running, is refused too, since it cannot be
 * checked, and so is a bind under a share the VM cannot mount, which would show an empty folder.
 */
final class MountGuard implements RequestInterceptor {
    /** How long a bind waits for its share to be mounted in the VM, as it is again after a start or resume. */
    static final Duration MOUNT_WAIT = Duration.ofSeconds(15);
    private final Supplier<Optional<FileShares>> shares;
    private final Duration mountWait;

    /** @param shares the file shares, when file sharing is running */
    MountGuard(Supplier<Optional<FileShares>> shares) {
        this(shares, MOUNT_WAIT);
    }

    /** @param mountWait how long a bind waits for its share to be mounted */
    MountGuard(Supplier<Optional<FileShares>> shares, Duration mountWait) {
        this.shares = shares;
        this.mountWait = mountWait;
    }

    @Override
    public boolean wants(HttpRequest head) {
        return head.method().name().equalsIgnoreCase("POST") && MountCheck.checks(ApiPath.of(head.uri()));
    }

    @Override
    public CompletionStage<Optional<FullHttpResponse>> inspect(FullHttpRequest request) {
        ApiPath route = ApiPath.of(request.uri());
        String body = request.content().toString(StandardCharsets.UTF_8);
        Optional<FullHttpResponse> refused = verdict(route, body);
        if (refused.isPresent()) return CompletableFuture.completedFuture(refused);
        return awaitMounted(route, body, System.nanoTime() + mountWait.toNanos());
    }

    /**
     * Lets the request through once every share it binds is mounted in the VM, waiting (off the event loop) while
     * a share is being mounted, as after a start or a resume, and refusing it when the wait ends first.
     */
    private CompletionStage<Optional<FullHttpResponse>> awaitMounted(ApiPath route, String body, long deadline) {
        Optional<FileShares> now = shares.get();
        Optional<java.nio.file.Path> missing;
        try {
            missing = now.isEmpty() ? Optional.empty() : MountCheck.firstUnavailable(route, GoJson.parse(body), now.get());
        } catch (JsonProcessingException e) {
            missing = Optional.empty();
        }
        if (missing.isEmpty()) return CompletableFuture.completedFuture(Optional.empty());
        if (System.nanoTime() > deadline) {
            return CompletableFuture.completedFuture(Optional.of(EngineErrors.json(
                    HttpResponseStatus.INTERNAL_SERVER_ERROR, MountCheck.unavailableMessage(missing.get()))));
        }
        return CompletableFuture.supplyAsync(() -> null, CompletableFuture.delayedExecutor(250, TimeUnit.MILLISECONDS))
                .thenCompose(ignored -> awaitMounted(route, body, deadline));
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
