package dev.berth.vm.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.api.hypervisor.Hypervisor;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A start at daemon start waits for a hypervisor backend whose bundle starts a moment later. */
class HypervisorChoiceTest {
    private static Hypervisor backend() {
        return (Hypervisor) Proxy.newProxyInstance(Hypervisor.class.getClassLoader(), new Class<?>[] {Hypervisor.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> null;
                });
    }

    @Test
    void aBackendThatRegistersLaterIsAwaited() throws Exception {
        HypervisorChoice choice = new HypervisorChoice();
        assertFalse(choice.awaitAny(Duration.ofMillis(50)), "none registered: the wait ends at its timeout");
        Thread late = Thread.ofVirtual().start(() -> {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                return;
            }
            choice.addHypervisor(backend(), Map.of());
        });
        assertTrue(choice.awaitAny(Duration.ofSeconds(5)), "the backend registered while the start waited");
        late.join();
    }
}
