package dev.berth.filesharing.internal;

import dev.berth.api.files.Share;
import dev.berth.api.hypervisor.ChannelSpec;
import dev.berth.api.hypervisor.Machine;
import dev.berth.api.vm.GuestChannel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/** Holds the change forwarder of the running machine, and replaces it when another machine runs. */
final class ForwardingSlot implements AutoCloseable {
    private final Supplier<List<Share>> shares;
    private final Path berthHome;
    private volatile ChangeForwarder forwarder;
    private long pid;

    /**
     * An empty slot.
     *
     * @param shares    the shares in force, read whenever the guest reports its mounts
     * @param berthHome Berth's home folder, whose changes stay on the host
     */
    ForwardingSlot(Supplier<List<Share>> shares, Path berthHome) {
        this.shares = shares;
        this.berthHome = berthHome;
    }

    /** Forwards changes to this machine's fsevents port, under the shares in force; returns why it cannot, or null. */
    String forwardTo(Machine machine) throws IOException {
        if (forwarder != null && pid == machine.pid()) {
            forwarder.refresh();
            return null;
        }
        close();
        Optional<Path> socket = machine.spec().channels().stream().filter(c -> c.name().equals(GuestChannel.FS_EVENTS_CHANNEL))
                .map(ChannelSpec::socket).findFirst();
        if (socket.isEmpty()) {
            return "host file changes reach containers after a VM restart (this VM was started without the "
                    + GuestChannel.FS_EVENTS_CHANNEL + " port): berth vm restart";
        }
        forwarder = new ChangeForwarder(socket.get(), shares, berthHome);
        pid = machine.pid();
        return null;
    }

    /** The shared folders containers mount now; empty when nothing is forwarded. */
    List<Path> mountedRoots() {
        ChangeForwarder f = forwarder;
        return f == null ? List.of() : f.mountedRoots();
    }

    /** Waits up to {@code millis} for containers to stop mounting shared folders; returns those still mounted. */
    List<Path> awaitUnmounted(long millis) throws InterruptedException {
        ChangeForwarder f = forwarder;
        return f == null ? List.of() : f.awaitUnmounted(millis);
    }

    /** A sentence on what is forwarded, when a machine runs. */
    Optional<String> describe() {
        ChangeForwarder f = forwarder;
        return f == null ? Optional.empty() : Optional.of(f.describe());
    }

    /** Stops forwarding. */
    @Override
    public void close() {
        ChangeForwarder f = forwarder;
        forwarder = null;
        if (f != null) f.close();
    }
}
