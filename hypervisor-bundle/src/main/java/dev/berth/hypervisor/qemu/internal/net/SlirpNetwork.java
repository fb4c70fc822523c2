package dev.berth.hypervisor.qemu.internal.net;

import dev.berth.api.hypervisor.PortForward;
import dev.berth.api.hypervisor.UserNetwork;
import dev.berth.hypervisor.qemu.internal.qmp.QmpClient;
import java.io.IOException;
import java.time.Duration;
import java.util.List;

/** Forwards host ports into the guest through QEMU's user-mode network (slirp), changed at run time over QMP. */
public final class SlirpNetwork implements UserNetwork {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private final QmpClient qmp;
    private final String netdev;

    public SlirpNetwork(QmpClient qmp, String netdev) {
        this.qmp = qmp;
        this.netdev = netdev;
    }

    /** The hostfwd rule of a forward, such as {@code tcp:127.0.0.1:8080-:80}. */
    public static String rule(PortForward f) {
        return f.protocol().id() + ":" + f.hostAddress() + ":" + f.hostPort() + "-:" + f.guestPort();
    }

    @Override
    public void add(PortForward forward) throws IOException {
        String answer = qmp.human("hostfwd_add " + netdev + " " + rule(forward), TIMEOUT).strip();
        if (!answer.isEmpty()) {
            throw new IOException("cannot listen on " + forward.hostAddress() + ":" + forward.hostPort() + "/"
                    + forward.protocol().id() + ": " + answer);
        }
    }

    @Override
    public List<PortForward> forwards() throws IOException {
        return UsernetTable.parse(qmp.human("info usernet", TIMEOUT));
    }

    @Override
    public void remove(PortForward forward) throws IOException {
        String rule = forward.protocol().id() + ":" + forward.hostAddress() + ":" + forward.hostPort();
        String answer = qmp.human("hostfwd_remove " + netdev + " " + rule, TIMEOUT).strip();
        if (!answer.isEmpty() && !answer.contains("not found") && !answer.endsWith("removed")) {
            throw new IOException("cannot stop forwarding " + rule + ": " + answer);
        }
    }
}
