package dev.berth.platform.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.api.engine.EngineEndpoint;
import dev.berth.api.extension.Extension;
import dev.berth.api.extension.ExtensionState;
import dev.berth.api.extension.Extensions;
import dev.berth.api.status.State;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

/**
 * An extension bundle's guest service is picked up by {@code berth.extensions}: with no VM bundle and an engine
 * socket that nothing serves, the container cannot be created, and the extension's reason says so in a sentence;
 * the extension is still active (the rest of it works) and is removed as usual. (The container itself is checked with a real VM in
 * ExtensionsE2ETest.)
 */
@ExtendWith({BundleContextExtension.class, ServiceExtension.class})
class GuestServicesTest {
    @InjectBundleContext
    BundleContext context;

    @Test
    void aGuestServiceThatCannotRunIsReportedInTheExtensionsReason(@InjectService Extensions extensions) throws Exception {
        Bundle vm = List.of(context.getBundles()).stream().filter(b -> "berth.vm".equals(b.getSymbolicName())).findFirst().orElseThrow();
        vm.stop();
        Path scratch = Files.createTempDirectory("itest-guest");
        Path socket = scratch.resolve("nobody-serves.sock");
        ServiceRegistration<EngineEndpoint> engine = context.registerService(EngineEndpoint.class, new EngineEndpoint() {
            @Override
            public Path socket() {
                return socket;
            }

            @Override
            public State state() {
                return State.RUNNING;
            }

            @Override
            public CompletionStage<Void> portsPublished() {
                return CompletableFuture.completedFuture(null);
            }
        }, null);
        try {
            ExtensionJars.write(extensions.folder().resolve("guest.jar"), "itest.guest", "1.0.0", Map.of(
                    "Bundle-Activator", ExtensionJars.EXT + ".GuestServiceExtension",
                    "Import-Package", "org.osgi.framework,dev.berth.api.extension;version=\"[1.4,2)\""), Map.of(), "GuestServiceExtension");
            Extension e = await(extensions, x -> x.state() == ExtensionState.ACTIVE && !x.reason().isEmpty());
            assertTrue(e.reason().startsWith("guest service sampler does not run: the Docker Engine does not answer on " + socket),
                    e.reason());
            assertTrue(extensions.remove("itest.guest"));
            long end = System.nanoTime() + 20_000_000_000L;
            while (System.nanoTime() < end && List.of(context.getBundles()).stream().anyMatch(b -> "itest.guest".equals(b.getSymbolicName()))) {
                Thread.sleep(100);
            }
            assertEquals(Optional.empty(), extensions.list().stream().filter(x -> x.name().equals("itest.guest")).findFirst());
        } finally {
            extensions.remove("itest.guest");
            engine.unregister();
            vm.start();
        }
    }

    private static Extension await(Extensions extensions, java.util.function.Predicate<Extension> done) throws InterruptedException {
        long end = System.nanoTime() + 20_000_000_000L;
        Optional<Extension> last = Optional.empty();
        while (System.nanoTime() < end) {
            last = extensions.list().stream().filter(e -> e.name().equals("itest.guest")).findFirst();
            if (last.isPresent() && done.test(last.get())) return last.get();
            Thread.sleep(100);
        }
        throw new AssertionError("itest.guest did not get there in 20 s; last seen: " + last);
    }
}
