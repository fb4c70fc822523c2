package dev.berth.ui.internal.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class RouterTest {
    private final Router.Action list = r -> CompletableFuture.completedFuture(Reply.json(Map.of()));
    private final Router.Action act = r -> CompletableFuture.completedFuture(Reply.json(Map.of()));
    private final Router router = new Router()
            .add("GET", "/api/containers", list)
            .add("POST", "/api/containers/{id}/{action}", act);

    @Test
    void routesBindTheirVariables() {
        Router.Match m = router.match("POST", "/api/containers/abc123/stop");
        assertSame(act, m.action());
        assertEquals(Map.of("id", "abc123", "action", "stop"), m.vars());
        assertSame(list, router.match("GET", "/api/containers").action());
    }

    @Test
    void anUnknownPathIs404AndAnotherMethodIs405() {
        assertEquals(404, router.match("GET", "/api/nothing").status());
        assertEquals(404, router.match("POST", "/api/containers/abc/stop/more").status());
        assertEquals(404, router.match("POST", "/api/containers//stop").status());
        Router.Match wrong = router.match("DELETE", "/api/containers");
        assertEquals(405, wrong.status());
        assertNull(wrong.action());
    }
}
