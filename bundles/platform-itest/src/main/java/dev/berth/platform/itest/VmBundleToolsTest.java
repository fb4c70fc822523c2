package dev.berth.platform.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.api.status.State;
import dev.berth.api.status.StatusProvider;
import dev.berth.api.status.SubsystemStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.BundleContext;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.common.service.ServiceAware;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

/** The VM bundle's host tools in a runtime without a network ({@code berth.tools.fetch=false}): nothing is fetched. */
@ExtendWith({BundleContextExtension.class, ServiceExtension.class})
class VmBundleToolsTest {
    @InjectBundleContext
    BundleContext context;

    @Test
    void theToolsAreNotFetchedWhenSwitchedOff(@InjectService(cardinality = 1) ServiceAware<StatusProvider> providers)
            throws Exception {
        assertEquals("false", context.getProperty("berth.tools.fetch"));
        SubsystemStatus tools = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            tools = providers.getServices().stream().map(StatusProvider::status)
                    .filter(s -> s.name().equals("tools")).findFirst().orElse(null);
            if (tools != null && tools.state() != State.STARTING) break;
            Thread.sleep(20);
        }
        assertTrue(tools != null && tools.state() == State.DISABLED, "tools status: " + tools);
        assertTrue(tools.detail().contains("berth.tools.fetch=false"), tools.detail());
        Path apt = Path.of(context.getProperty("berth.home"), "images", "apt");
        assertTrue(!Files.exists(apt) || Files.list(apt).findAny().isEmpty(), "no apt state was made in " + apt);
    }
}
