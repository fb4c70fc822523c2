package dev.berth.platform.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.api.daemon.BerthHome;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Version;
import org.osgi.service.log.Logger;

/** The daemon keeps Berth's home folder and the files it writes there private to their owner. */
class PrivateHomeTest {
    @TempDir
    Path dir;
    private final List<String> warnings = new ArrayList<>();

    private static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    private DaemonComponent daemon(Path home) throws Exception {
        Bundle bundle = (Bundle) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Bundle.class},
                (proxy, method, args) -> method.getName().equals("getVersion") ? Version.emptyVersion : null);
        BundleContext context = (BundleContext) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {BundleContext.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getProperty" -> BerthHome.PROPERTY.equals(args[0]) ? home.toString() : null;
                    case "getBundle" -> bundle;
                    default -> null;
                });
        Logger log = (Logger) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Logger.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("warn")) warnings.add(String.valueOf(args[0]) + " " + List.of(args).subList(1, args.length));
                    return null;
                });
        return new DaemonComponent(context, log);
    }

    @Test
    void aNewHomeAndItsFoldersAreOwnerOnly() throws Exception {
        Path home = dir.resolve("berth");
        daemon(home);
        assertEquals("rwx------", mode(home));
        for (String folder : List.of("run", "logs", "state", "images", "disks")) {
            assertEquals("rwx------", mode(home.resolve(folder)), folder);
        }
        assertEquals("rw-------", mode(home.resolve("run/berthd.pid")));
        assertTrue(warnings.isEmpty(), warnings.toString());
    }

    @Test
    void anExistingHomeThatOthersCouldReadIsTightenedAndThatIsLoggedOnce() throws Exception {
        Path home = Files.createDirectories(dir.resolve("berth"));
        Files.createDirectories(home.resolve("logs"));
        Files.writeString(home.resolve("settings.json"), "{}");
        Files.writeString(home.resolve("logs/daemon.log"), "");
        for (Path p : List.of(home, home.resolve("logs"))) Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        for (Path p : List.of(home.resolve("settings.json"), home.resolve("logs/daemon.log"))) {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-r--r--"));
        }
        daemon(home);
        assertEquals("rwx------", mode(home));
        assertEquals("rwx------", mode(home.resolve("logs")));
        assertEquals("rw-------", mode(home.resolve("settings.json")));
        assertEquals("rw-------", mode(home.resolve("logs/daemon.log")));
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.getFirst().contains("settings.json"), warnings.toString());
        daemon(home);
        assertEquals(1, warnings.size(), "a private home is not reported again: " + warnings);
    }

    @Test
    void settingsWrittenByBerthAreOwnerOnly() throws Exception {
        Path file = dir.resolve("settings.json");
        SettingsFile.edit(file, "vm.cpus", 4);
        assertEquals("rw-------", mode(file));
    }
}
