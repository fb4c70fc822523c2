package dev.berth.platform.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.api.extension.DashboardTab;
import dev.berth.api.extension.ExtensionSettings;
import dev.berth.api.extension.ExtensionState;
import dev.berth.api.extension.Extensions;
import dev.berth.api.extension.SettingsField;
import dev.berth.api.extension.SettingsSection;
import dev.berth.api.extension.TabRequest;
import dev.berth.api.settings.Settings;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.metatype.MetaTypeService;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

/**
 * An extension's Metatype shows as a settings section (Berth's own bundles' sections do not), its values are checked
 * against it, a change reaches the extension's component at once, and the section goes with the bundle.
 */
@ExtendWith({BundleContextExtension.class, ServiceExtension.class})
class ExtensionSettingsTest {
    private static final String NAME = "itest.configured";
    private static final String METATYPE = """
            <?xml version="1.0" encoding="UTF-8"?>
            <metatype:MetaData xmlns:metatype="http://www.osgi.org/xmlns/metatype/v1.4.0">
              <OCD id="itest.configured" name="Configured itest" description="An extension with settings">
                <AD id="greeting" name="Greeting" type="String" default="hello" description="What the tab says"/>
                <AD id="repeat" name="Repeat" type="Integer" default="1"/>
                <AD id="style" name="Style" type="String" default="plain">
                  <Option value="plain" label="Plain"/>
                  <Option value="loud" label="Loud"/>
                </AD>
              </OCD>
              <Designate pid="berth.itestConfigured"><Object ocdref="itest.configured"/></Designate>
              <Designate pid="berth.vm"><Object ocdref="itest.configured"/></Designate>
            </metatype:MetaData>
            """;
    private static final String COMPONENT = """
            <?xml version="1.0" encoding="UTF-8"?>
            <scr:component xmlns:scr="http://www.osgi.org/xmlns/scr/v1.3.0" name="itest.configured"
                configuration-pid="berth.itestConfigured" activate="activate" modified="modified">
              <implementation class="dev.berth.platform.itest.ext.ConfiguredExtension"/>
              <service><provide interface="dev.berth.api.extension.DashboardTab"/></service>
            </scr:component>
            """;
    @InjectBundleContext
    BundleContext context;

    private static <T> T await(String what, Supplier<Optional<T>> check) throws InterruptedException {
        long end = System.nanoTime() + 20_000_000_000L;
        while (System.nanoTime() < end) {
            Optional<T> found = check.get();
            if (found.isPresent()) return found.get();
            Thread.sleep(100);
        }
        throw new AssertionError(what + " did not happen within 20 s");
    }

    private Optional<String> tabSays() {
        try {
            for (ServiceReference<DashboardTab> ref : context.getServiceReferences(DashboardTab.class, null)) {
                if (!ref.getBundle().getSymbolicName().equals(NAME)) continue;
                DashboardTab tab = context.getService(ref);
                try {
                    return Optional.of(new String(tab.handle(new TabRequest("GET", "", Map.of(), new byte[0])).orElseThrow().body(),
                            StandardCharsets.UTF_8));
                } finally {
                    context.ungetService(ref);
                }
            }
            return Optional.empty();
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    @Test
    void anExtensionsMetatypeIsASettingsSectionThatAppliesAtOnce(@InjectService Extensions extensions,
            @InjectService ExtensionSettings settingsOfExtensions, @InjectService Settings settings,
            @InjectService MetaTypeService metatype) throws Exception {
        Bundle vm = List.of(context.getBundles()).stream().filter(b -> "berth.vm".equals(b.getSymbolicName())).findFirst().orElseThrow();
        assertTrue(List.of(metatype.getMetaTypeInformation(vm).getPids()).contains("berth.vm"),
                "Berth's own bundles describe sections too, which the extensions' list must leave out");
        ExtensionJars.write(extensions.folder().resolve("configured.jar"), NAME, "1.0.0", Map.of(
                "Service-Component", "OSGI-INF/configured.xml", "Import-Package", "dev.berth.api.extension;version=\"[1.1,2)\""),
                Map.of("OSGI-INF/configured.xml", COMPONENT, "OSGI-INF/metatype/configured.xml", METATYPE), "ConfiguredExtension");
        try {
            await("the extension to run", () -> extensions.list().stream()
                    .filter(e -> e.name().equals(NAME) && e.state() == ExtensionState.ACTIVE).findFirst());
            SettingsSection section = await("its section", () -> settingsOfExtensions.sections().stream()
                    .filter(s -> s.section().equals("itestConfigured")).findFirst());
            assertTrue(settingsOfExtensions.sections().stream().allMatch(s -> s.extension().startsWith("itest.")),
                    "only extensions' sections: " + settingsOfExtensions.sections());
            assertFalse(settingsOfExtensions.sections().stream().anyMatch(s -> s.section().equals("vm")),
                    "an extension that designates a section of Berth's own is not shown for it");
            assertTrue(assertThrows(IllegalArgumentException.class, () -> settingsOfExtensions.convert("vm.greeting", "x"))
                    .getMessage().contains("Berth's own settings"));
            assertEquals("Configured itest", section.title());
            assertEquals(NAME, section.extension());
            assertEquals(List.of("greeting", "repeat", "style"), section.fields().stream().map(SettingsField::name).toList());
            SettingsField greeting = section.fields().get(0);
            assertEquals("string", greeting.type());
            assertEquals(List.of("hello"), greeting.defaults());
            assertEquals("What the tab says", greeting.description());
            assertEquals("integer", section.fields().get(1).type());
            assertEquals(List.of(new SettingsField.Option("plain", "Plain"), new SettingsField.Option("loud", "Loud")),
                    section.fields().get(2).options());

            assertEquals(3, settingsOfExtensions.convert("itestConfigured.repeat", "3"));
            assertTrue(assertThrows(IllegalArgumentException.class, () -> settingsOfExtensions.convert("itestConfigured.repeat", "two"))
                    .getMessage().contains("whole number"));
            assertTrue(assertThrows(IllegalArgumentException.class, () -> settingsOfExtensions.convert("itestConfigured.style", "quiet"))
                    .getMessage().contains("plain, loud"));
            assertTrue(assertThrows(IllegalArgumentException.class, () -> settingsOfExtensions.convert("nothing.here", 2))
                    .getMessage().contains("no running extension"));

            assertEquals("hello", await("the tab", this::tabSays));
            settings.set("itestConfigured.greeting", settingsOfExtensions.convert("itestConfigured.greeting", "hi there"));
            await("the new greeting to reach the component", () -> tabSays().filter("hi there"::equals));
            settings.unset("itestConfigured.greeting");
            await("the default to come back", () -> tabSays().filter("hello"::equals));
        } finally {
            settings.unset("itestConfigured.greeting");
            extensions.remove(NAME);
        }
        assertFalse(settingsOfExtensions.sections().stream().anyMatch(s -> s.section().equals("itestConfigured")),
                "the section goes with its extension");
    }
}
