package dev.berth.ui.internal.web;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.cookie.Cookie;
import io.netty.handler.codec.http.cookie.ServerCookieDecoder;
import java.util.List;
import java.util.Set;

/**
 * Decides whether a request may reach the dashboard: it must name the dashboard's own host (no DNS rebinding),
 * come from the dashboard's own origin (no cross-site requests) and carry the access token, in its cookie or a bearer
 * header; a one-time login code in the address of a page sets that cookie.
 */
public final class RequestGuard {
    /** The outcome of a check. */
    public enum Verdict {
        /** The request may proceed. */
        ALLOW,
        /** The page's address carries a valid login code: set the cookie and send the browser on without it. */
        LOGIN,
        /** The Host header names another site. */
        WRONG_HOST,
        /** The request comes from another site's page. */
        CROSS_ORIGIN,
        /** The token is missing or wrong. */
        NO_TOKEN
    }

    private final AccessToken token;
    private final LoginCodes codes;
    private final Set<String> hosts;
    private final Set<String> origins;
    private final String cookieName;

    /** Guards a dashboard listening on 127.0.0.1 at {@code port}. */
    public RequestGuard(AccessToken token, LoginCodes codes, int port) {
        this.token = token;
        this.codes = codes;
        this.hosts = Set.of("127.0.0.1:" + port, "localhost:" + port);
        this.origins = Set.of("http://127.0.0.1:" + port, "http://localhost:" + port);
        this.cookieName = "berth-dashboard-" + port;
    }

    /** The cookie that carries the token once a login code was exchanged for it. */
    public String cookieName() {
        return cookieName;
    }

    /** The token, for the cookie a login code is exchanged for. */
    String token() {
        return token.value();
    }

    /**
     * Checks a request.
     *
     * @param method     the HTTP method
     * @param headers    its headers
     * @param loginCode  the {@code code} query parameter, or null
     * @param webSocket  whether it asks for a WebSocket
     */
    public Verdict check(HttpMethod method, HttpHeaders headers, String loginCode, boolean webSocket) {
        String host = headers.get(HttpHeaderNames.HOST);
        if (host == null || !hosts.contains(host.toLowerCase(java.util.Locale.ROOT))) return Verdict.WRONG_HOST;
        String origin = headers.get(HttpHeaderNames.ORIGIN);
        if (origin != null && !origins.contains(origin)) return Verdict.CROSS_ORIGIN;
        if ("cross-site".equals(headers.get("Sec-Fetch-Site"))) return Verdict.CROSS_ORIGIN;
        if (bearer(headers)) return Verdict.ALLOW;
        if (loginCode != null && method.equals(HttpMethod.GET) && !webSocket && codes.redeem(loginCode)) {
            return Verdict.LOGIN;
        }
        if (!token.matches(cookie(headers))) return Verdict.NO_TOKEN;
        boolean changes = webSocket || !(method.equals(HttpMethod.GET) || method.equals(HttpMethod.HEAD));
        if (changes && origin == null) return Verdict.CROSS_ORIGIN;
        return Verdict.ALLOW;
    }

    private boolean bearer(HttpHeaders headers) {
        String auth = headers.get(HttpHeaderNames.AUTHORIZATION);
        return auth != null && auth.startsWith("Bearer ") && token.matches(auth.substring(7).strip());
    }

    private String cookie(HttpHeaders headers) {
        List<String> all = headers.getAll(HttpHeaderNames.COOKIE);
        for (String header : all) {
            for (Cookie c : ServerCookieDecoder.STRICT.decodeAll(header)) {
                if (c.name().equals(cookieName)) return c.value();
            }
        }
        return null;
    }
}
