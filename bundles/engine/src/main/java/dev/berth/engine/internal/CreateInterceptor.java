package dev.berth.engine.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.api.files.FileShares;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Checks {@code POST /containers/create}: refuses bind mounts of host paths outside every file share (nothing is
 * created), and gives the container the names {@code host.docker.internal} and {@code gateway.docker.internal}.
 */
final class CreateInterceptor implements RequestInterceptor {
    private static final Pattern CREATE = Pattern.compile("^(/v[0-9.]+)?/containers/create(\\?.*)?$");
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Supplier<Optional<FileShares>> shares;
    private final String hostAddress;

    /**
     * @param shares      the file shares, when file sharing is installed
     * @param hostAddress the address under which containers reach the host
     */
    CreateInterceptor(Supplier<Optional<FileShares>> shares, String hostAddress) {
        this.shares = shares;
        this.hostAddress = hostAddress;
    }

    @Override
    public boolean wants(HttpRequest head) {
        return head.method().equals(HttpMethod.POST) && CREATE.matcher(head.uri()).matches();
    }

    @Override
    public CompletionStage<Optional<FullHttpResponse>> inspect(FullHttpRequest request) {
        try {
            JsonNode body = JSON.readTree(request.content().toString(StandardCharsets.UTF_8));
            if (!(body instanceof ObjectNode create)) return CompletableFuture.completedFuture(Optional.empty());
            Optional<String> denied = shares.get().flatMap(s -> MountCheck.firstUnshared(create, s));
            if (denied.isPresent()) {
                return CompletableFuture.completedFuture(Optional.of(EngineErrors.json(HttpResponseStatus.BAD_REQUEST,
                        MountCheck.deniedMessage(denied.get()))));
            }
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
        JsonNode hostConfig = create.path("HostConfig");
        ObjectNode hc = hostConfig instanceof ObjectNode o ? o : create.putObject("HostConfig");
        JsonNode existing = hc.path("ExtraHosts");
        ArrayNode hosts = existing instanceof ArrayNode a ? a : hc.putArray("ExtraHosts");
        for (String name : new String[] {"host.docker.internal", "gateway.docker.internal"}) {
            boolean given = false;
            for (JsonNode h : hosts) given |= h.asText().startsWith(name + ":");
            if (!given) hosts.add(name + ":" + hostAddress);
        }
    }
}
