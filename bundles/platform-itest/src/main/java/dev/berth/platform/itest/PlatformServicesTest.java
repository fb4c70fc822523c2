package dev.berth.platform.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.api.daemon.Daemon;
import dev.berth.api.settings.Settings;
import dev.berth.api.status.StatusProvider;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.common.service.ServiceAware;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

/** The platform's services and shell commands are registered by the real bundles in a real framework. */
@ExtendWith({BundleContextExtension.class, ServiceExtension.class})
class PlatformServicesTest {
    @InjectBundleContext
    BundleContext context;

    @Test
    void daemonKnowsItsHomeAndPid(@InjectService Daemon daemon) {
        assertEquals(context.getProperty("berth.home"), daemon.home().toString());
        assertEquals(ProcessHandle.current().pid(), daemon.pid());
    }

    @Test
    void everyPlatformSubsystemReportsStatus(
            @InjectService(cardinality = 2) ServiceAware<StatusProvider> providers) {
        Set<String> names = providers.getServices().stream().map(p -> p.status().name()).collect(Collectors.toSet());
        assertTrue(names.containsAll(Set.of("daemon", "settings")), "status providers: " + names);
    }

    @Test
    void berthCommandsAreRegisteredInGogo() throws Exception {
        Set<String> functions = context.getServiceReferences((String) null, "(osgi.command.scope=berth)").length > 0
                ? Arrays.stream(context.getServiceReferences((String) null, "(osgi.command.scope=berth)"))
                        .flatMap(r -> functions(r).stream()).collect(Collectors.toSet())
                : Set.of();
        assertTrue(functions.containsAll(Set.of("status", "settings", "version", "shutdown", "ready")),
                "berth commands: " + functions);
    }

    @Test
    void statusCommandRunsThroughGogo(@InjectService CommandProcessor processor, @InjectService Settings settings)
            throws Exception {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8);
        try (CommandSession session = processor.createSession(InputStream.nullInputStream(), out, out)) {
            Object json = session.execute("berth:status --json");
            assertTrue(json.toString().contains("\"name\" : \"daemon\""), json.toString());
            assertTrue(json.toString().contains("\"name\" : \"settings\""), json.toString());
        }
    }

    private static List<String> functions(ServiceReference<?> ref) {
        Object f = ref.getProperty("osgi.command.function");
        return f instanceof String[] array ? List.of(array) : List.of(String.valueOf(f));
    }
}
