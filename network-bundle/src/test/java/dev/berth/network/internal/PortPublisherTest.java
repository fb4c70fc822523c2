package dev.berth.network.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.api.hypervisor.Machine;
import dev.berth.api.hypervisor.PortForward;
import dev.berth.api.hypervisor.Protocol;
import dev.berth.api.hypervisor.UserNetwork;
import dev.berth.api.network.PortBinding;
import dev.berth.api.network.PublishResult;
import dev.berth.api.status.State;
import dev.berth.api.vm.ProgressListener;
import dev.berth.api.vm.VirtualMachine;
import dev.berth.api.vm.VmInfo;
import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.osgi.service.log.Logger;

/** The publishing rules, against an in-memory user network that binds real host ports like slirp does. */
class PortPublisherTest {
    /** A user network that holds a real listening socket per TCP forward, as QEMU's slirp does. */
    static final class BindingNetwork implements UserNetwork {
        final List<PortForward> forwards = new ArrayList<>();
        final List<ServerSocket> sockets = new ArrayList<>();

        @Override
        public void add(PortForward f) throws java.io.IOException {
            ServerSocket s = new ServerSocket(f.hostPort(), 50, InetAddress.getByName(f.hostAddress()));
            sockets.add(s);
            forwards.add(f);
        }

        @Override
        public void remove(PortForward f) throws java.io.IOException {
            int i = forwards.indexOf(f);
            if (i >= 0) {
                forwards.remove(i);
                sockets.remove(i).close();
            }
        }

        @Override
        public List<PortForward> forwards() {
            return List.copyOf(forwards);
        }
    }

    private final BindingNetwork net = new BindingNetwork();
    private final PortPublisher publisher = new PortPublisher(runningVm(net), quietLogger());

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Test
    void publishesAndWithdraws() throws Exception {
        int port = freePort();
        PortBinding b = new PortBinding(Protocol.TCP, "127.0.0.1", port, port);
        assertInstanceOf(PublishResult.Published.class, publisher.publish("c1", "web", List.of(b)));
        assertEquals(1, publisher.published().size());
        assertInstanceOf(PublishResult.Published.class, publisher.publish("c1", "web", List.of(b)), "idempotent");
        assertEquals(1, net.forwards.size());
        publisher.withdraw("c1");
        assertTrue(publisher.published().isEmpty());
        assertTrue(net.forwards.isEmpty());
    }

    @Test
    void aPortHeldByAnotherProgramIsRefusedInDockersWords() throws Exception {
        try (ServerSocket other = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            PortBinding b = new PortBinding(Protocol.TCP, "127.0.0.1", other.getLocalPort(), 80);
            PublishResult r = publisher.publish("c1", "web", List.of(b));
            PublishResult.Refused refused = assertInstanceOf(PublishResult.Refused.class, r);
            assertEquals("Bind for 127.0.0.1:" + other.getLocalPort() + " failed: port is already allocated", refused.reason());
        }
    }

    @Test
    void aRefusalRollsBackTheOwnersEarlierBindings() throws Exception {
        int free = freePort();
        try (ServerSocket other = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            List<PortBinding> both = List.of(new PortBinding(Protocol.TCP, "127.0.0.1", free, 80),
                    new PortBinding(Protocol.TCP, "127.0.0.1", other.getLocalPort(), 81));
            assertInstanceOf(PublishResult.Refused.class, publisher.publish("c1", "web", both));
            assertTrue(publisher.published().isEmpty());
            assertTrue(net.forwards.isEmpty(), "nothing stays open");
        }
    }

    @Test
    void twoOwnersCannotShareAHostPort() throws Exception {
        int port = freePort();
        assertInstanceOf(PublishResult.Published.class,
                publisher.publish("c1", "a", List.of(new PortBinding(Protocol.TCP, "0.0.0.0", port, port))));
        PublishResult r = publisher.publish("c2", "b", List.of(new PortBinding(Protocol.TCP, "127.0.0.1", port, port)));
        assertInstanceOf(PublishResult.Refused.class, r);
        publisher.withdraw("c1");
    }

    @Test
    void aForwardLeftByAnEarlierDaemonIsAdopted() throws Exception {
        int port = freePort();
        net.add(new PortForward(Protocol.TCP, "127.0.0.1", port, port));
        PortBinding b = new PortBinding(Protocol.TCP, "127.0.0.1", port, port);
        assertInstanceOf(PublishResult.Published.class, publisher.publish("c1", "web", List.of(b)));
        assertEquals(1, net.forwards.size());
        publisher.withdraw("c1");
        assertTrue(net.forwards.isEmpty());
    }

    static VirtualMachine runningVm(UserNetwork net) {
        Machine machine = (Machine) Proxy.newProxyInstance(Machine.class.getClassLoader(), new Class<?>[] {Machine.class},
                (p, m, a) -> m.getName().equals("userNetwork") ? Optional.of(net) : null);
        return new VirtualMachine() {
            public State state() {
                return State.RUNNING;
            }

            public Optional<VmInfo> info() {
                return Optional.empty();
            }

            public Optional<Machine> machine() {
                return Optional.of(machine);
            }

            public void start(ProgressListener progress) {
            }

            public void stop(Duration timeout) {
            }

            public Path consoleLog() {
                return Path.of("console.log");
            }
        };
    }

    static Logger quietLogger() {
        return (Logger) Proxy.newProxyInstance(Logger.class.getClassLoader(), new Class<?>[] {Logger.class},
                (p, m, a) -> m.getReturnType() == boolean.class ? false : null);
    }


}
