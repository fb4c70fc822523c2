package dev.berth.platform.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.service.log.Logger;

class InstalledVersionWatchTest {
    private static final Logger LOG = (Logger) Proxy.newProxyInstance(Logger.class.getClassLoader(),
            new Class<?>[] {Logger.class}, (proxy, method, args) -> null);
    private final BlockingQueue<String> installed = new LinkedBlockingQueue<>();

    @TempDir
    Path dir;

    @Test
    void anInstallOfTheSameVersionIsNoNewsAndAnotherVersionIsToldOnce() throws Exception {
        Path stamp = dir.resolve("installed-version");
        try (InstalledVersionWatch watch = InstalledVersionWatch.start(stamp, "1.0", installed::add, LOG)) {
            install(stamp, "1.0\n");      // a reinstall
            Files.delete(stamp);          // the package removed
            install(stamp, "1.1\n");      // an upgrade
            assertEquals("1.1", installed.poll(10, TimeUnit.SECONDS), "the first news is the other version");
            install(stamp, "1.2\n");
            assertNull(installed.poll(1, TimeUnit.SECONDS), "a daemon restarts once, on the first other version");
        }
    }

    @Test
    void withoutTheStampsFolderNothingIsWatched() throws Exception {
        assertNull(InstalledVersionWatch.start(dir.resolve("absent/installed-version"), "1.0", installed::add, LOG));
    }

    /** Writes the stamp as the package's postinst does: a new file renamed into place. */
    private static void install(Path stamp, String version) throws Exception {
        Path next = stamp.resolveSibling(stamp.getFileName() + ".new");
        Files.writeString(next, version);
        Files.move(next, stamp, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
