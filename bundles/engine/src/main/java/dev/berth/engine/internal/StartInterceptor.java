package dev.berth.engine.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.api.network.PortBinding;
import dev.berth.api.network.PortForwarder;
import dev.berth.api.network.PublishResult;
import dev.berth.engine.intercept.RequestInterceptor;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;

/**
 * Starts containers on the client's behalf so their ports are open on the host when the answer arrives: fixed host
 * ports are taken before the start (a taken one fails the start with Docker's words and leaves the container
 * created), random ones right after it.
 */
final class StartInterceptor implements RequestInterceptor {
    private final EngineApi api;
    private final PortForwarder ports;
    private final ExecutorService workers;

    StartInterceptor(EngineApi api, PortForwarder ports, ExecutorService workers) {
        this.api = api;
        this.ports = ports;
        this.workers = workers;
    }

    @Override
    public boolean wants(HttpRequest head) {
        return head.method().equals(HttpMethod.POST) && ApiPath.of(head.uri()).is("/containers/*/start");
    }

    @Override
    public CompletionStage<Optional<FullHttpResponse>> inspect(FullHttpRequest request) {
        ApiPath route = ApiPath.of(request.uri());
        String prefix = route.version().isEmpty() ? "" : "/v" + route.version();
        String container = route.segment(2);
        String body = request.content().toString(StandardCharsets.UTF_8);
        return CompletableFuture.supplyAsync(() -> start(prefix, container, request.uri(), body), workers);
    }

    private Optional<FullHttpResponse> start(String prefix, String container, String uri, String body) {
        try {
            EngineApi.Answer found = api.call("GET", prefix + "/containers/" + container + "/json", null);
            if (!found.ok()) return Optional.empty();
            JsonNode inspect = found.json();
            if (inspect.path("State").path("Running").asBoolean()) return Optional.empty();
            String id = inspect.path("Id").asText(container);
            String name = ContainerPorts.name(inspect);
            List<PortBinding> fixed = ContainerPorts.requested(inspect);
            if (!fixed.isEmpty() && ports.publish(id, name, fixed) instanceof PublishResult.Refused r) {
                // dockerd removes a --rm container whose start fails, and `docker run --rm` waits for that removal
                if (inspect.path("HostConfig").path("AutoRemove").asBoolean()) {
                    api.call("DELETE", prefix + "/containers/" + id + "?force=1", null);
                }
                return Optional.of(EngineErrors.json(HttpResponseStatus.INTERNAL_SERVER_ERROR, "driver failed programming external "
                        + "connectivity on endpoint " + name + " (" + id + "): " + r.reason()));
            }
            EngineApi.Answer started = api.call("POST", uri, body.isEmpty() ? null : body);
            if (!started.ok()) {
                ports.withdraw(id);
                return Optional.of(answer(started));
            }
            List<PortBinding> actual = ContainerPorts.actual(api.get(prefix + "/containers/" + id + "/json"));
            if (!actual.isEmpty()) ports.publish(id, name, actual);
            return Optional.of(answer(started));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    static FullHttpResponse answer(EngineApi.Answer a) {
        byte[] bytes = a.body().getBytes(StandardCharsets.UTF_8);
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(a.status()),
                Unpooled.wrappedBuffer(bytes));
        if (bytes.length > 0) r.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON);
        r.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, bytes.length);
        return r;
    }
}
