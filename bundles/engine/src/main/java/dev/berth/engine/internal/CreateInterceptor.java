package dev.berth.engine.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.engine.intercept.RequestInterceptor;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Gives containers made by {@code POST /containers/create} the names {@code host.docker.internal} and
 * {@code gateway.docker.internal}; their mounts have been checked by {@link MountGuard} before.
 */
final class CreateInterceptor implements RequestInterceptor {
    private static final ObjectMapper JSON = Json.MAPPER;
    private final String hostAddress;

    /** @param hostAddress the address under which containers reach the host */
    CreateInterceptor(String hostAddress) {
        this.hostAddress = hostAddress;
    }

    @Override
    public boolean wants(HttpRequest head) {
        return head.method().equals(HttpMethod.POST) && ApiPath.of(head.uri()).is("/containers/create");
    }

    @Override
    public CompletionStage<Optional<FullHttpResponse>> inspect(FullHttpRequest request) {
        try {
            JsonNode body = JSON.readTree(request.content().toString(StandardCharsets.UTF_8));
            if (!(body instanceof ObjectNode create)) return CompletableFuture.completedFuture(Optional.empty());
            addHostNames(create);
            byte[] changed = JSON.writeValueAsBytes(create);
            request.content().clear().writeBytes(changed);
            request.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, changed.length);
            request.headers().remove(HttpHeaderNames.TRANSFER_ENCODING);
            return CompletableFuture.completedFuture(Optional.empty());
        } catch (IOException e) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
    }

    private void addHostNames(ObjectNode create) {
        ObjectNode hc = GoJson.fields(create, "HostConfig").stream().filter(JsonNode::isObject)
                .map(ObjectNode.class::cast).findFirst().orElseGet(() -> create.putObject("HostConfig"));
        JsonNode existing = hc.path("ExtraHosts");
        ArrayNode hosts = existing instanceof ArrayNode a ? a : hc.putArray("ExtraHosts");
        for (String name : new String[] {"host.docker.internal", "gateway.docker.internal"}) {
            boolean given = false;
            for (JsonNode h : hosts) given |= h.asText().startsWith(name + ":");
            if (!given) hosts.add(name + ":" + hostAddress);
        }
    }
}
