package dev.berth.ui.internal.web;

import io.netty.handler.codec.http.HttpHeaders;

/** Headers on every answer: only the dashboard's own scripts run, it is never framed, and no URL leaks. */
final class SecurityHeaders {
    static final String POLICY = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline';"
            + " img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self';"
            // Docker Desktop-format extensions' pages, each at an origin of its own on this port
            + " frame-src 'self' http://*.localhost:*";
    /** The same for an extension's tab, which the dashboard shows in a frame of its own page. */
    static final String FRAMED_POLICY = POLICY.replace("frame-ancestors 'none'", "frame-ancestors 'self'");

    private SecurityHeaders() {
    }

    static void apply(HttpHeaders headers) {
        headers.set("Content-Security-Policy", POLICY);
        headers.set("X-Content-Type-Options", "nosniff");
        headers.set("X-Frame-Options", "DENY");
        headers.set("Referrer-Policy", "no-referrer");
        headers.set("Cross-Origin-Opener-Policy", "same-origin");
        headers.set("Cross-Origin-Resource-Policy", "same-origin");
    }
}
