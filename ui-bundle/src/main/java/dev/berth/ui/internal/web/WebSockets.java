package dev.berth.ui.internal.web;

import io.netty.channel.ChannelHandler;

/** Gives the handler of WebSocket frames for a path, after the request passed the guard. */
@FunctionalInterface
public interface WebSockets {
    /** The frame handler for {@code path}, or null when no WebSocket lives there. */
    ChannelHandler open(String path);
}
