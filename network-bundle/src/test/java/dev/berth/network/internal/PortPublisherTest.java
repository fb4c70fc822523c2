package dev.berth.network.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.api.daemon.Daemon;
import dev.berth.api.hypervisor.ChannelSpec;
import dev.berth.api.hypervisor.Machine;
import dev.berth.api.hypervisor.MachineSpec;
import dev.berth.api.hypervisor.Protocol;
import dev.berth.api.network.PortBinding;
import dev.berth.api.network.PublishResult;
import dev.berth.api.status.State;
import dev.berth.api.vm.GuestChannel;
import dev.berth.api.vm.ProgressListener;
import dev.berth.api.vm.VirtualMachine;
import dev.berth.api.vm.VmInfo;
import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.service.log.Logger;

/** The publishing rules, with real host listeners (no guest answers behind them here). */
class PortPublisherTest {
    @TempDir
    static Path dir;
    private final PortPublisher publisher = new PortPublisher(runningVm(dir.resolve("absent.sock")), daemon(dir),
            quietLogger());

    @AfterEach
    void stop() {
        publisher.deactivate();
    }

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
        assertTrue(listening(port), "the host port is open");
        publisher.withdraw("c1");
        assertTrue(publisher.published().isEmpty());
        assertTrue(!listening(port), "no listener is left");
    }

    @Test
    void forwardsLastWhileTheVmStopsAndGoOnceItHasStopped() throws Exception {
        int port = freePort();
        assertInstanceOf(PublishResult.Published.class,
                publisher.publish("c1", "web", List.of(new PortBinding(Protocol.TCP, "127.0.0.1", port, 80))));
        publisher.handleEvent(vmEvent(State.STOPPING));
        assertEquals(1, publisher.published().size(), "a stopping VM still runs, and its save may still use the relay");
        assertTrue(listening(port));
        publisher.handleEvent(vmEvent(State.STOPPED));
        assertTrue(publisher.published().isEmpty());
        assertTrue(!listening(port), "no listener is left");
    }

    private static org.osgi.service.event.Event vmEvent(State state) {
        return new org.osgi.service.event.Event(dev.berth.api.status.StatusEvents.TOPIC, java.util.Map.of(
                dev.berth.api.status.StatusEvents.SUBSYSTEM, "vm", dev.berth.api.status.StatusEvents.STATE, state.name()));
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
        try (ServerSocket other = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int free = freePort();   // taken while other holds its port, so the two differ
            List<PortBinding> both = List.of(new PortBinding(Protocol.TCP, "127.0.0.1", free, 80),
                    new PortBinding(Protocol.TCP, "127.0.0.1", other.getLocalPort(), 81));
            assertInstanceOf(PublishResult.Refused.class, publisher.publish("c1", "web", both));
            assertTrue(publisher.published().isEmpty());
            assertTrue(!listening(free), "nothing stays open");
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

    /** A container started right after another one on the same port must find it free: withdraw waits for that. */
    @Test
    void aWithdrawnPortCanBeBoundAgainAtOnce() throws Exception {
        int bad = 0;
        for (int i = 0; i < 100; i++) {
            int port = freePort();
            PortBinding b = new PortBinding(Protocol.TCP, "127.0.0.1", port, port);
            publisher.publish("c" + i, "web", List.of(b));
            publisher.withdraw("c" + i);
            if (listening(port)) bad++;
        }
        assertEquals(0, bad, "ports still bound right after withdraw");
    }

    @Test
    void aGuestSocketIsForwardedOnceUnderTheRunFolder() throws Exception {
        Path host = publisher.forward("/var/run/docker.sock");
        assertEquals(dir.resolve("run").resolve("guest").resolve("var_run_docker.sock"), host);
        assertEquals(host, publisher.forward("/var/run/docker.sock"), "asking again gives the same socket");
        assertTrue(java.nio.file.Files.exists(host));
        assertTrue(publisher.available(), "the VM offers the relay channel");
    }

    private static boolean listening(int port) {
        try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return false;
        } catch (java.io.IOException e) {
            return true;
        }
    }

    /** A running VM whose port relay channel is {@code relay}. */
    static VirtualMachine runningVm(Path relay) {
        MachineSpec spec = new MachineSpec("t", Path.of("vmlinuz"), List.of(), "", 1, 512, List.of(), List.of(),
                List.of(), List.of(new ChannelSpec(GuestChannel.PORTS_CHANNEL, relay)), relay.getParent(), null);
        Machine machine = (Machine) Proxy.newProxyInstance(Machine.class.getClassLoader(), new Class<?>[] {Machine.class},
                (p, m, a) -> switch (m.getName()) {
                    case "spec" -> spec;
                    case "isAlive" -> true;
                    default -> null;
                });
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

            public void powerOff() {
            }

            public Path consoleLog() {
                return Path.of("console.log");
            }
        };
    }

    /** A daemon whose home is {@code home}. */
    static Daemon daemon(Path home) {
        return (Daemon) Proxy.newProxyInstance(Daemon.class.getClassLoader(), new Class<?>[] {Daemon.class},
                (p, m, a) -> m.getName().equals("home") ? home : null);
    }

    static Logger quietLogger() {
        return (Logger) Proxy.newProxyInstance(Logger.class.getClassLoader(), new Class<?>[] {Logger.class},
                (p, m, a) -> m.getReturnType() == boolean.class ? false : null);
    }


}
