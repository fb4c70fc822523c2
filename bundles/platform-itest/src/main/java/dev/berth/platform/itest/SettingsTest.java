package dev.berth.platform.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.api.settings.Settings;
import dev.berth.api.settings.SettingsProblem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.log.LogLevel;
import org.osgi.service.log.Logger;
import org.osgi.service.log.admin.LoggerAdmin;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.service.ServiceExtension;

/** Edits of settings.json reach configurations and components; a broken file keeps the last good settings. */
@ExtendWith(ServiceExtension.class)
class SettingsTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @InjectService
    Settings settings;
    @InjectService
    ConfigurationAdmin cm;

    @AfterEach
    void restore() throws Exception {
        Files.writeString(settings.file(), "{}\n");
        await(() -> settings.problem().isEmpty() && settings.current().isEmpty(), "settings reset");
    }

    @Test
    void anEditReachesTheLogWriterComponent(@InjectService LoggerAdmin admin) throws Exception {
        Files.writeString(settings.file(), "{ \"daemon\": { \"logLevel\": \"DEBUG\" } }\n");
        await(() -> admin.getLoggerContext(null).getLogLevels().get(Logger.ROOT_LOGGER_NAME) == LogLevel.DEBUG,
                "the log writer applied logLevel DEBUG");
        Files.writeString(settings.file(), "{ \"daemon\": { \"logLevel\": \"WARN\" } }\n");
        await(() -> admin.getLoggerContext(null).getLogLevels().get(Logger.ROOT_LOGGER_NAME) == LogLevel.WARN,
                "the log writer applied logLevel WARN");
    }

    @Test
    void aBrokenFileIsReportedWithItsLineAndTheLastGoodSettingsStay() throws Exception {
        Files.writeString(settings.file(), "{\n  \"vm\": { \"cpus\": 3 }\n}\n");
        await(() -> cpus() == 3, "vm.cpus = 3 applied");
        Files.writeString(settings.file(), "{\n  \"vm\": { \"cpus\": 5 },\n  \"engine\": { oops }\n}\n");
        await(() -> settings.problem().isPresent(), "the broken file is reported");
        SettingsProblem problem = settings.problem().orElseThrow();
        assertEquals(3, problem.line(), problem.describe());
        assertEquals(3, cpus(), "the last good vm.cpus stays in force");
        Files.writeString(settings.file(), "{ \"vm\": { \"cpus\": 6 } }\n");
        await(() -> settings.problem().isEmpty() && cpus() == 6, "the fixed file is applied");
    }

    @Test
    void setWritesTheFileAndApplies() throws Exception {
        settings.set("vm.memoryMiB", 3072);
        assertTrue(Files.readString(settings.file()).matches("(?s).*\"memoryMiB\"\\s*:\\s*3072.*"), Files.readString(settings.file()));
        await(() -> value("berth.vm", "memoryMiB") instanceof Integer i && i == 3072, "vm.memoryMiB applied");
        settings.unset("vm.memoryMiB");
        await(() -> value("berth.vm", "memoryMiB") == null, "vm.memoryMiB removed");
    }

    private int cpus() {
        return value("berth.vm", "cpus") instanceof Integer i ? i : -1;
    }

    private Object value(String pid, String key) {
        try {
            Configuration[] found = cm.listConfigurations("(service.pid=" + pid + ")");
            return found == null || found[0].getProperties() == null ? null : found[0].getProperties().get(key);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting until " + what);
            Thread.sleep(50);
        }
    }

    static Path home(Settings settings) {
        return settings.file().getParent();
    }
}
