package dev.berth.engine.internal;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.SSLException;

/** The JSON errors the proxy answers itself, in the shape the docker CLI prints as "Error response from daemon". */
final class EngineErrors {
    /** What a client is told when there is no engine to talk to. */
    static final String VM_NOT_RUNNING = "Berth's VM is not running. Start it with: berth start";

    private EngineErrors() {
    }

    /** 503: the guest has no engine endpoint, or nothing answers on it. */
    static FullHttpResponse vmNotRunning() {
        return json(HttpResponseStatus.SERVICE_UNAVAILABLE, VM_NOT_RUNNING);
    }

    /**
     * The answer when the connection to the engine could not be opened: unreadable credentials and TLS failures are
     * named, while a refused, timed out or at once closed connection means the engine is not there.
     */
    static FullHttpResponse unreachable(Throwable cause) {
        if (cause instanceof CredentialsException) {
            return json(HttpResponseStatus.BAD_GATEWAY, cause.getMessage());
        }
        if (cause instanceof SSLException) {
            return json(HttpResponseStatus.BAD_GATEWAY,
                    "Berth could not open a secure connection to the Docker Engine in its VM: " + cause.getMessage());
        }
        return vmNotRunning();
    }

    /** 502: the engine closed the connection before it answered the request. */
    static FullHttpResponse engineClosed() {
        return json(HttpResponseStatus.BAD_GATEWAY,
                "the Docker Engine in Berth's VM closed the connection before answering");
    }

    /** 400: the client sent something that is not HTTP. */
    static FullHttpResponse badRequest(Throwable cause) {
        return json(HttpResponseStatus.BAD_REQUEST, "malformed HTTP request: " + cause.getMessage());
    }

    /** 413: a body an interceptor needs to read is larger than it may be. */
    static FullHttpResponse tooLarge() {
        return json(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
                "request body larger than " + (BodyCollector.LIMIT >> 20) + " MiB; Berth cannot check it");
    }

    /** 500: an interceptor failed while checking a request. */
    static FullHttpResponse inspectionFailed(Throwable cause) {
        return json(HttpResponseStatus.INTERNAL_SERVER_ERROR, "Berth could not check this request: " + cause.getMessage());
    }

    /** A response with body {@code {"message": ...}}. */
    static FullHttpResponse json(HttpResponseStatus status, String message) {
        byte[] body = ("{\"message\":" + quote(message) + "}\n").getBytes(StandardCharsets.UTF_8);
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        return response;
    }

    private static String quote(String text) {
        StringBuilder out = new StringBuilder(text.length() + 2).append('"');
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) out.append(String.format("\\u%04x", (int) c));
                    else out.append(c);
                }
            }
        }
        return out.append('"').toString();
    }

    /** The engine's TLS credentials could not be read. */
    static final class CredentialsException extends IOException {
        CredentialsException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
