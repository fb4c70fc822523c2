package dev.berth.engine.internal;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.regex.Pattern;

/** The rules for which Docker API requests may take over their connection, and which answers do. */
final class Hijack {
    /** Attach and exec start, which older clients hijack without an {@code Upgrade} header. */
    private static final Pattern STREAM_PATH =
            Pattern.compile("(/v[0-9.]+)?/(containers/[^/?]+/attach|exec/[^/?]+/start)(\\?.*)?");

    private Hijack() {
    }

    /** Whether the engine may answer this request by turning the connection into a raw byte stream. */
    static boolean isCandidate(HttpRequest request) {
        return request.headers().contains(HttpHeaderNames.UPGRADE)
                || request.method().equals(HttpMethod.POST) && STREAM_PATH.matcher(request.uri()).matches();
    }

    /** Whether this answer to a candidate request turns the connection into a raw byte stream. */
    static boolean isHijack(HttpResponse response) {
        if (response.status().code() == HttpResponseStatus.SWITCHING_PROTOCOLS.code()) return true;
        String type = response.headers().get(HttpHeaderNames.CONTENT_TYPE, "");
        return response.status().code() == HttpResponseStatus.OK.code()
                && (type.startsWith("application/vnd.docker.raw-stream")
                || type.startsWith("application/vnd.docker.multiplexed-stream"));
    }
}
