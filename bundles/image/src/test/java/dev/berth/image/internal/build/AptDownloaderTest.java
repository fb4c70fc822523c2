package dev.berth.image.internal.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import dev.berth.image.internal.spec.GuestSpec;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AptDownloaderTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void quotesFileNamesLikeAptGetDownload() {
        assertEquals("busybox-static_1%3a1.35.0-4+deb12u1+b1_", AptDownloader.filePrefix("busybox-static",
                "1:1.35.0-4+deb12u1+b1"));
        assertEquals("openssl_3.0.22-1~deb12u2_", AptDownloader.filePrefix("openssl", "3.0.22-1~deb12u2"));
    }

    /** The guest's suite, as the built-in spec names it. */
    static final GuestSpec.Debian TESTING = new GuestSpec.Debian("http://deb.debian.org/debian", "testing", null, null);

    @Test
    void readsNoneOfTheHostsAptConfiguration() throws Exception {
        assumeApt();
        AptRepository repository = new AptRepository(TESTING, dir, TIMEOUT, w -> { });
        String dump = repository.run(List.of("apt-config", "dump")).requireSuccess().stdout();
        Path folder = dir.resolve(AptRepository.folderName(TESTING));
        for (String key : List.of("Dir::Etc::sourcelist", "Dir::Etc::sourceparts", "Dir::State::lists",
                "Dir::State::status", "Dir::Cache", "Dir::Etc::parts")) {
            String line = dump.lines().filter(l -> l.startsWith(key + " ")).findFirst().orElseThrow(() -> new AssertionError(key));
            assertTrue(line.contains(folder.toString()), line);
        }
        assertTrue(dump.contains("Dir::Etc::main \"/dev/null\""), "the host's apt.conf is not read");
        assertEquals("deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian testing main\n",
                Files.readString(folder.resolve("etc/sources.list")));
    }

    /** The image build and the host tools use one suite's apt state at once; apt fails at once on a held lock. */
    @Test
    void twoUpdatesOfOneSuiteTakeTurns() throws Exception {
        assumeApt();
        AptRepository first = new AptRepository(TESTING, dir, TIMEOUT, w -> { });
        AptRepository second = new AptRepository(TESTING, dir, TIMEOUT, w -> { });
        var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            var a = pool.submit(() -> { first.update(); return null; });
            var b = pool.submit(() -> { second.update(); return null; });
            offlineIsSkipped(() -> { a.get(); b.get(); return List.of(); });
        } finally {
            pool.shutdownNow();
        }
    }

    /** Downloads busybox-static from Debian testing through Berth's own apt state; skipped without the mirror. */
    @Test
    void downloadsLocksAndVerifiesARealPackage() throws Exception {
        assumeApt();
        AptRepository repository = new AptRepository(TESTING, dir.resolve("apt"), TIMEOUT, w -> { });
        Path cache = repository.debs();
        List<AptDownloader.Downloaded> downloaded = offlineIsSkipped(
                () -> new AptDownloader(repository).resolveAndDownload(List.of("busybox-static"), List.of("libc6")));
        assertEquals(1, downloaded.size(), downloaded.toString());
        AptDownloader.Downloaded busybox = downloaded.getFirst();
        assertEquals("amd64", busybox.architecture());
        DebPackage.Control control = new DebPackage(busybox.file()).control();
        assertEquals("busybox-static", control.name());
        assertEquals(busybox.version(), control.version());

        LockFile lock = new LockFile(downloaded.stream().map(AptDownloader.Downloaded::lockEntry).toList());
        Path lockFile = dir.resolve("packages.lock");
        lock.write(lockFile);
        assertEquals(downloaded, new AptDownloader(repository).download(LockFile.read(lockFile)),
                "a cached file with the locked sha256 is used as it is");

        LockFile tampered = new LockFile(List.of(new LockFile.Entry("busybox-static", busybox.version(), "0".repeat(64))));
        IOException mismatch = assertThrows(IOException.class, () -> new AptDownloader(repository).download(tampered));
        assertTrue(mismatch.getMessage().startsWith("package busybox-static " + busybox.version() + " has sha256 "
                + busybox.sha256() + " but the lock says 0000"), mismatch.getMessage());

        LockFile gone = new LockFile(List.of(new LockFile.Entry("busybox-static", "0.0-gone", "0".repeat(64))));
        IOException missing = assertThrows(IOException.class, () -> new AptDownloader(repository).download(gone));
        assertEquals("locked version 0.0-gone of busybox-static is no longer served by http://deb.debian.org/debian "
                + "testing: lock again, or point debian.mirror at a snapshot of the archive", missing.getMessage());
        assertEquals(List.of(busybox.file()), Files.list(cache).toList(), "only the one package file is in the cache");
    }

    private static void assumeApt() {
        try {
            HostCommand.locate("apt-get", "apt");
        } catch (IOException e) {
            System.err.println("WARNING: SKIPPED " + AptDownloaderTest.class.getSimpleName() + ": " + e.getMessage());
            Assumptions.abort(e.getMessage());
        }
    }

    private interface Download {
        List<AptDownloader.Downloaded> run() throws Exception;
    }

    private static List<AptDownloader.Downloaded> offlineIsSkipped(Download download) throws Exception {
        try {
            return download.run();
        } catch (IOException | java.util.concurrent.ExecutionException e) {
            String m = String.valueOf(e.getMessage());
            if (m.contains("Failed to fetch") || m.contains("Could not resolve") || m.contains("Temporary failure")
                    || m.contains("Could not connect") || m.contains("did not finish within")) {
                System.err.println("WARNING: SKIPPED " + AptDownloaderTest.class.getSimpleName()
                        + ": the Debian mirror is not reachable (" + m + ")");
                Assumptions.abort("the Debian mirror is not reachable: " + m);
            }
            throw e;
        }
    }
}
