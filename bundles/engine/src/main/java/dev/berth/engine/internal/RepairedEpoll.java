package dev.berth.engine.internal;

import io.netty.channel.IoHandle;
import io.netty.channel.IoHandler;
import io.netty.channel.IoHandlerContext;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.IoOps;
import io.netty.channel.IoRegistration;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollIoOps;

/**
 * Netty's epoll transport with a repair for half-closed connections (seen in Netty 4.2.18).
 *
 * <p>When a channel's interest set becomes empty, which happens to every connection whose client shut down its
 * sending side once its pending output is written, Netty removes the descriptor from epoll but its registration
 * still believes it is there: the next wait for writability fails with "epoll_ctl(..) failed with error(-2)", Netty
 * shuts the channel's output down and the rest of the stream is lost, and a client that dies meanwhile is never
 * noticed. Here such a channel leaves epoll through a proper cancellation and is registered afresh when it needs
 * events again.
 */
final class RepairedEpoll implements IoHandler {
    private final IoHandler epoll;

    private RepairedEpoll(IoHandler epoll) {
        this.epoll = epoll;
    }

    /** Event loops with this repair. */
    static IoHandlerFactory factory() {
        IoHandlerFactory epoll = EpollIoHandler.newFactory();
        return executor -> new RepairedEpoll(epoll.newHandler(executor));
    }

    @Override
    public void initialize() {
        epoll.initialize();
    }

    @Override
    public int run(IoHandlerContext context) {
        return epoll.run(context);
    }

    @Override
    public void prepareToDestroy() {
        epoll.prepareToDestroy();
    }

    @Override
    public void destroy() {
        epoll.destroy();
    }

    @Override
    public IoRegistration register(IoHandle handle) throws Exception {
        return new Registration(handle, epoll.register(handle));
    }

    @Override
    public void wakeup() {
        epoll.wakeup();
    }

    @Override
    public boolean isCompatible(Class<? extends IoHandle> handleType) {
        return epoll.isCompatible(handleType);
    }

    /** A channel's registration that is cancelled while the channel wants no events and renewed when it does. */
    private final class Registration implements IoRegistration {
        private final IoHandle handle;
        /** The event loop's native buffers, which channels use for gathering writes even while out of epoll. */
        private final Object attachment;
        private IoRegistration current;
        private boolean valid = true;

        Registration(IoHandle handle, IoRegistration first) {
            this.handle = handle;
            this.current = first;
            this.attachment = first.attachment();
        }

        @Override
        @SuppressWarnings("unchecked")
        public <T> T attachment() {
            return (T) attachment;
        }

        @Override
        public synchronized long submit(IoOps ops) {
            if (!valid) return -1;
            if (((EpollIoOps) ops).value() == EpollIoOps.NONE.value()) {
                if (current != null) current.cancel();
                current = null;
                return 0;
            }
            if (current == null) {
                try {
                    current = epoll.register(handle);
                } catch (Exception e) {
                    throw new IllegalStateException("cannot register a channel with epoll again", e);
                }
            }
            return current.submit(ops);
        }

        @Override
        public synchronized boolean isValid() {
            return valid;
        }

        @Override
        public synchronized boolean cancel() {
            if (!valid) return false;
            valid = false;
            if (current != null) current.cancel();
            current = null;
            return true;
        }
    }
}
