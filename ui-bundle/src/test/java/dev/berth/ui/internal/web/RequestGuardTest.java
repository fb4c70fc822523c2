package dev.berth.ui.internal.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.berth.ui.internal.web.RequestGuard.Verdict;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RequestGuardTest {
    @TempDir
    Path dir;
    private AccessToken token;
    private RequestGuard guard;
    private LoginCodes codes;

    @BeforeEach
    void setUp() throws Exception {
        token = AccessToken.load(dir.resolve("dashboard.token"));
        codes = new LoginCodes(java.time.InstantSource.system());
        guard = new RequestGuard(token, codes, 7780);
    }

    private HttpHeaders headers(String host) {
        return new DefaultHttpHeaders().set("Host", host);
    }

    @Test
    void aRequestWithoutTheTokenIsRefused() {
        assertEquals(Verdict.NO_TOKEN, guard.check(HttpMethod.GET, headers("127.0.0.1:7780"), null, false));
        assertEquals(Verdict.NO_TOKEN, guard.check(HttpMethod.GET, headers("127.0.0.1:7780"), "wrong", false));
        assertEquals(Verdict.NO_TOKEN, guard.check(HttpMethod.GET,
                headers("127.0.0.1:7780").set("Cookie", "berth-dashboard-7780=wrong"), null, false));
    }

    @Test
    void aLoginCodeOpensThePageOnceAndThenTheCookieCarriesTheToken() {
        String code = codes.issue();
        assertEquals(Verdict.NO_TOKEN, guard.check(HttpMethod.GET, headers("127.0.0.1:7780"), token.value(), false),
                "the token itself is no login code");
        assertEquals(Verdict.LOGIN, guard.check(HttpMethod.GET, headers("127.0.0.1:7780"), code, false));
        assertEquals(Verdict.NO_TOKEN, guard.check(HttpMethod.GET, headers("127.0.0.1:7780"), code, false));
        assertEquals(Verdict.ALLOW, guard.check(HttpMethod.GET,
                headers("localhost:7780").set("Cookie", "a=b; berth-dashboard-7780=" + token.value()), null, false));
        assertEquals(Verdict.NO_TOKEN, guard.check(HttpMethod.POST, headers("127.0.0.1:7780")
                .set("Origin", "http://127.0.0.1:7780"), codes.issue(), false), "a login code only opens pages");
        assertEquals(Verdict.NO_TOKEN, guard.check(HttpMethod.GET, headers("127.0.0.1:7780"), codes.issue(), true),
                "nor WebSockets");
    }

    @Test
    void anotherHostNameIsRefusedSoDnsRebindingCannotReachTheDashboard() {
        HttpHeaders h = headers("evil.example:7780").set("Cookie", "berth-dashboard-7780=" + token.value());
        assertEquals(Verdict.WRONG_HOST, guard.check(HttpMethod.GET, h, null, false));
        assertEquals(Verdict.WRONG_HOST, guard.check(HttpMethod.GET, headers("127.0.0.1:7781"), codes.issue(), false));
        assertEquals(Verdict.WRONG_HOST, guard.check(HttpMethod.GET, new DefaultHttpHeaders(), codes.issue(), false));
    }

    @Test
    void anotherSitesOriginIsRefusedEvenWithTheCookie() {
        HttpHeaders h = headers("127.0.0.1:7780").set("Cookie", "berth-dashboard-7780=" + token.value())
                .set("Origin", "http://evil.example");
        assertEquals(Verdict.CROSS_ORIGIN, guard.check(HttpMethod.POST, h, null, false));
        assertEquals(Verdict.CROSS_ORIGIN, guard.check(HttpMethod.GET, h, null, true));
        HttpHeaders fetchSite = headers("127.0.0.1:7780").set("Cookie", "berth-dashboard-7780=" + token.value())
                .set("Sec-Fetch-Site", "cross-site");
        assertEquals(Verdict.CROSS_ORIGIN, guard.check(HttpMethod.GET, fetchSite, null, false));
    }

    @Test
    void changesAndWebSocketsByCookieNeedTheDashboardsOwnOrigin() {
        HttpHeaders cookie = headers("127.0.0.1:7780").set("Cookie", "berth-dashboard-7780=" + token.value());
        assertEquals(Verdict.CROSS_ORIGIN, guard.check(HttpMethod.DELETE, cookie, null, false));
        assertEquals(Verdict.CROSS_ORIGIN, guard.check(HttpMethod.GET, cookie, null, true));
        cookie.set("Origin", "http://127.0.0.1:7780");
        assertEquals(Verdict.ALLOW, guard.check(HttpMethod.DELETE, cookie, null, false));
        assertEquals(Verdict.ALLOW, guard.check(HttpMethod.GET, cookie, null, true));
    }

    @Test
    void scriptsMaySendTheTokenAsABearerHeader() {
        HttpHeaders h = headers("127.0.0.1:7780").set("Authorization", "Bearer " + token.value());
        assertEquals(Verdict.ALLOW, guard.check(HttpMethod.POST, h, null, false));
        h.set("Authorization", "Bearer nope");
        assertEquals(Verdict.NO_TOKEN, guard.check(HttpMethod.POST, h, null, false));
    }
}
