package dev.berth.ui.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.api.extension.DashboardTab;
import dev.berth.api.extension.TabRequest;
import dev.berth.api.extension.TabSocket;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.service.log.Logger;

class ExtensionSocketTest {
    private final ExtensionTabs tabs = new ExtensionTabs((Logger) Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[] {Logger.class}, (p, m, a) -> null));
    private final List<String> calls = new CopyOnWriteArrayList<>();

    /** A tab whose socket {@code live} echoes in capitals, and that throws on {@code boom}; no other path is taken. */
    private final DashboardTab echo = new DashboardTab() {
        @Override
        public String id() {
            return "echo";
        }

        @Override
        public String title() {
            return "Echo";
        }

        @Override
        public Optional<TabSocket.Listener> connect(TabRequest request, TabSocket socket) {
            calls.add("connect " + request.method() + " " + request.path());
            if (!request.path().equals("live")) return Optional.empty();
            socket.send("hello");
            return Optional.of(new TabSocket.Listener() {
                @Override
                public void onText(String text) {
                    if (text.equals("boom")) throw new IllegalStateException("deliberately broken");
                    socket.send(text.toUpperCase(java.util.Locale.ROOT));
                }

                @Override
                public void onClose() {
                    calls.add("closed");
                }
            });
        }
    };

    private static Bundle bundle() {
        return (Bundle) Proxy.newProxyInstance(ExtensionSocketTest.class.getClassLoader(), new Class<?>[] {Bundle.class},
                (p, m, a) -> m.getName().equals("getSymbolicName") ? "echo.bundle" : null);
    }

    /** The next frame the socket wrote, waiting for the extension's thread. */
    private static WebSocketFrame next(EmbeddedChannel ch) throws InterruptedException {
        long end = System.nanoTime() + 5_000_000_000L;
        while (System.nanoTime() < end) {
            ch.runPendingTasks();
            WebSocketFrame f = ch.readOutbound();
            if (f != null) return f;
            Thread.sleep(10);
        }
        throw new AssertionError("the socket wrote nothing within 5 s");
    }

    private void await(String call) throws InterruptedException {
        long end = System.nanoTime() + 5_000_000_000L;
        while (!calls.contains(call) && System.nanoTime() < end) Thread.sleep(10);
        assertTrue(calls.contains(call), calls.toString());
    }

    @Test
    void theTabsListenerGetsThePagesMessagesAndAnswersOnTheSocket() throws Exception {
        tabs.add(1, echo, bundle());
        ExtensionSocket socket = tabs.socket("/extensions/echo/live");
        EmbeddedChannel ch = new EmbeddedChannel(socket);
        assertEquals("hello", ((TextWebSocketFrame) next(ch)).text());
        assertTrue(socket.isOpen());
        ch.writeInbound(new TextWebSocketFrame("one"));
        ch.writeInbound(new TextWebSocketFrame("two"));
        assertEquals("ONE", ((TextWebSocketFrame) next(ch)).text());
        assertEquals("TWO", ((TextWebSocketFrame) next(ch)).text(), "one message at a time, in order");
        assertEquals(List.of("connect GET live"), calls);
        ch.close();
        await("closed");
        assertFalse(socket.isOpen());
    }

    @Test
    void aPathTheTabRefusesIsClosedWith1008AndAnUnknownTabHasNoSocket() throws Exception {
        tabs.add(1, echo, bundle());
        assertNull(tabs.socket("/extensions/nothing/live"));
        EmbeddedChannel ch = new EmbeddedChannel(tabs.socket("/extensions/echo/other"));
        CloseWebSocketFrame close = (CloseWebSocketFrame) next(ch);
        assertEquals(1008, close.statusCode());
        assertTrue(close.reasonText().contains("no WebSocket at other"), close.reasonText());
    }

    @Test
    void aThrowingListenerClosesItsSocketWith1011AndTheTabsRemovalClosesTheRest() throws Exception {
        tabs.add(1, echo, bundle());
        EmbeddedChannel broken = new EmbeddedChannel(tabs.socket("/extensions/echo/live"));
        next(broken);
        broken.writeInbound(new TextWebSocketFrame("boom"));
        assertEquals(1011, ((CloseWebSocketFrame) next(broken)).statusCode());

        EmbeddedChannel other = new EmbeddedChannel(tabs.socket("/extensions/echo/live"));
        next(other);
        tabs.remove(1);
        assertEquals(1001, ((CloseWebSocketFrame) next(other)).statusCode());
    }
}
