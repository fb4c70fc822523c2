package dev.berth.platform.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.api.extension.DashboardTab;
import dev.berth.api.extension.Extension;
import dev.berth.api.extension.ExtensionState;
import dev.berth.api.extension.Extensions;
import dev.berth.api.extension.TabRequest;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

/**
 * Extension bundles dropped into the extensions folder are installed by the real FileInstall; a good one runs and
 * serves its tab while broken ones (an import nobody offers, a throwing activator, a throwing component) are
 * reported as failed with their reason; an update and a removal take effect.
 */
@ExtendWith({BundleContextExtension.class, ServiceExtension.class})
class ExtensionsTest {
    private static final String SCR_HEADER = "Service-Component";
    @InjectBundleContext
    BundleContext context;

    private static Extension await(Extensions extensions, String name, Predicate<Extension> done) throws InterruptedException {
        long end = System.nanoTime() + 20_000_000_000L;
        Optional<Extension> last = Optional.empty();
        while (System.nanoTime() < end) {
            last = extensions.list().stream().filter(e -> e.name().equals(name)).findFirst();
            if (last.isPresent() && done.test(last.get())) return last.get();
            Thread.sleep(100);
        }
        throw new AssertionError(name + " did not get there in 20 s; last seen: " + last + "; all: " + extensions.list());
    }

    private String tabAnswer() throws Exception {
        ServiceReference<DashboardTab> ref = context.getServiceReferences(DashboardTab.class, null).stream()
                .filter(r -> r.getBundle().getSymbolicName().equals("itest.good")).findFirst().orElseThrow();
        DashboardTab tab = context.getService(ref);
        try {
            return tab.handle(new TabRequest("GET", "", Map.of(), new byte[0])).orElseThrow().status() + " "
                    + new String(tab.handle(new TabRequest("GET", "", Map.of(), new byte[0])).orElseThrow().body(), StandardCharsets.UTF_8);
        } finally {
            context.ungetService(ref);
        }
    }

    @Test
    void goodAndBrokenExtensionsLiveSideBySide(@InjectService Extensions extensions, @InjectService CommandProcessor gogo)
            throws Exception {
        Path folder = extensions.folder();
        assertEquals(context.getProperty("felix.fileinstall.dir"), folder.toString());
        ExtensionJars.write(folder.resolve("unresolved.jar"), "itest.unresolved", "1.0.0",
                Map.of("Import-Package", "com.example.nowhere;version=\"[1.2,2)\""), Map.of());
        ExtensionJars.write(folder.resolve("throwing.jar"), "itest.throwing", "1.0.0", Map.of(
                "Bundle-Activator", ExtensionJars.EXT + ".ThrowingActivator", "Import-Package", "org.osgi.framework"),
                Map.of(), "ThrowingActivator");
        ExtensionJars.write(folder.resolve("failing.jar"), "itest.failing", "1.0.0", Map.of(SCR_HEADER, "OSGI-INF/failing.xml"),
                Map.of("OSGI-INF/failing.xml", """
                        <?xml version="1.0" encoding="UTF-8"?>
                        <scr:component xmlns:scr="http://www.osgi.org/xmlns/scr/v1.3.0" name="itest.failing" immediate="true" activate="activate">
                          <implementation class="dev.berth.platform.itest.ext.FailingComponent"/>
                        </scr:component>
                        """), "FailingComponent");
        Path good = ExtensionJars.write(folder.resolve("good.jar"), "itest.good", "1.0.0", Map.of(
                "Bundle-Activator", ExtensionJars.EXT + ".GoodExtension",
                "Import-Package", "org.osgi.framework,dev.berth.api.extension;version=\"[1.1,2)\""), Map.of(), "GoodExtension");
        try {
            Extension ok = await(extensions, "itest.good", e -> e.state() == ExtensionState.ACTIVE && !e.tabs().isEmpty());
            assertEquals(List.of("itest-good"), ok.tabs());
            assertEquals("copied into the folder", ok.origin());
            Extension unresolved = await(extensions, "itest.unresolved", e -> e.state() == ExtensionState.FAILED);
            assertEquals("unresolved: no bundle exports package com.example.nowhere (version 1.2.0 or later)", unresolved.reason());
            Extension throwing = await(extensions, "itest.throwing", e -> e.state() == ExtensionState.FAILED);
            assertTrue(throwing.reason().contains("deliberately broken activator"), throwing.reason());
            Extension failing = await(extensions, "itest.failing", e -> e.state() == ExtensionState.FAILED);
            assertTrue(failing.reason().contains("itest.failing failed to activate")
                    && failing.reason().contains("deliberately broken component"), failing.reason());
            assertEquals("200 good 1.0.0", tabAnswer(), "the good extension works beside the broken ones");
            assertTrue(List.of(context.getBundles()).stream().filter(b -> b.getSymbolicName().startsWith("berth."))
                    .allMatch(b -> b.getState() == Bundle.ACTIVE), "Berth's own bundles are untouched");

            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (CommandSession s = gogo.createSession(InputStream.nullInputStream(), new PrintStream(out, true), System.err)) {
                String table = String.valueOf(s.execute("berth:extension ls"));
                assertTrue(table.contains("itest.unresolved") && table.contains("failed") && table.contains("com.example.nowhere"), table);
            }

            Path v2 = Files.createTempDirectory("itest-ext").resolve("good-2.jar");
            ExtensionJars.write(v2, "itest.good", "2.0.0", Map.of("Bundle-Activator", ExtensionJars.EXT + ".GoodExtension",
                    "Import-Package", "org.osgi.framework,dev.berth.api.extension;version=\"[1.1,2)\""), Map.of(), "GoodExtension");
            Extension updated = extensions.install(v2, 20_000).orElseThrow();
            assertEquals("2.0.0", updated.version());
            assertEquals("good.jar", updated.file(), "an update replaces the installed jar of the same bundle");
            assertEquals(v2.toString(), updated.origin());
            await(extensions, "itest.good", e -> e.state() == ExtensionState.ACTIVE && !e.tabs().isEmpty());
            assertEquals("200 good 2.0.0", tabAnswer());
            Extension uploaded = extensions.install(v2, "uploaded in the dashboard (good-2.jar)", 20_000).orElseThrow();
            assertEquals("uploaded in the dashboard (good-2.jar)", uploaded.origin(), "an upload records where it came from");
            assertEquals("good.jar", uploaded.file());
        } finally {
            for (String name : List.of("itest.good", "itest.unresolved", "itest.throwing", "itest.failing")) extensions.remove(name);
        }
        long end = System.nanoTime() + 20_000_000_000L;
        while (System.nanoTime() < end && List.of(context.getBundles()).stream().anyMatch(b -> b.getSymbolicName() != null
                && b.getSymbolicName().startsWith("itest."))) {
            Thread.sleep(100);
        }
        assertFalse(List.of(context.getBundles()).stream().anyMatch(b -> b.getSymbolicName() != null
                && b.getSymbolicName().startsWith("itest.")), "removed extensions are uninstalled");
        assertTrue(extensions.list().isEmpty(), String.valueOf(extensions.list()));
        assertFalse(Files.exists(good));
    }
}
