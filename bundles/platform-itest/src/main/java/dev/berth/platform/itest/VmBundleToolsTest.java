package dev.berth.platform.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.api.status.State;
import dev.berth.api.status.StatusProvider;
import dev.berth.api.status.SubsystemStatus;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.common.service.ServiceAware;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

/**
 * The VM bundle's host tools in a runtime without a network ({@code berth.tools.fetch=false}): nothing is fetched,
 * and the libraries its .deb reader needs are in a runtime resolved from the bundle alone.
 */
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

    @Test
    void theVmBundleReadsADebianPackage() throws Exception {
        Path dir = Files.createTempDirectory("berth-itest-deb");
        Path root = Files.createDirectories(dir.resolve("root/DEBIAN"));
        Files.writeString(root.resolve("control"), """
                Package: berth-itest
                Version: 1.2-3
                Architecture: all
                Maintainer: Berth <berth@berth.invalid>
                Description: a package for the test
                """);
        Files.createDirectories(dir.resolve("root/usr/bin"));
        Files.writeString(dir.resolve("root/usr/bin/hello"), "#!/bin/sh\necho hello\n");
        Path deb = dir.resolve("berth-itest.deb");
        Process build = new ProcessBuilder("dpkg-deb", "--root-owner-group", "-Zxz", "--build",
                dir.resolve("root").toString(), deb.toString()).redirectErrorStream(true).start();
        String output = new String(build.getInputStream().readAllBytes());
        assertEquals(0, build.waitFor(), output);

        // commons-compress imports commons-io as optional, yet its ar and tar readers need it.
        Bundle vm = Arrays.stream(context.getBundles()).filter(b -> "berth.vm".equals(b.getSymbolicName()))
                .findFirst().orElseThrow();
        Class<?> debPackage = vm.loadClass("dev.berth.vm.internal.image.DebPackage");
        Object control = debPackage.getMethod("control").invoke(debPackage.getConstructor(Path.class).newInstance(deb));
        Method name = control.getClass().getMethod("name");
        Method version = control.getClass().getMethod("version");
        assertEquals("berth-itest", name.invoke(control));
        assertEquals("1.2-3", version.invoke(control));
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
