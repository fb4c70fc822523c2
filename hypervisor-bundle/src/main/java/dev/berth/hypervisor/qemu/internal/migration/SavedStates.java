package dev.berth.hypervisor.qemu.internal.migration;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.hypervisor.qemu.internal.files.PrivateFiles;
import dev.berth.hypervisor.qemu.internal.qmp.QmpClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Saves a running QEMU's state to a file and loads it into a QEMU started with {@code -incoming defer}, over QMP.
 *
 * <p>QEMU 7.2 has no {@code file:} migration URI, so the state streams through {@code exec:cat}. With the guest's
 * memory in a shared file the {@code x-ignore-shared} capability leaves it out, so only device state is written.
 */
public final class SavedStates {
    private static final Duration QMP = Duration.ofSeconds(10);

    private SavedStates() {
    }

    /** The command-line arguments of a QEMU that waits for a saved state to be loaded over QMP. */
    public static List<String> incomingArguments() {
        return List.of("-incoming", "defer");
    }

    /** Saves the state to {@code stateFile} (atomically: a partial file is never left under that name); the guest ends stopped. */
    public static void save(QmpClient qmp, Path stateFile, Duration timeout) throws IOException {
        Path partial = stateFile.resolveSibling(stateFile.getFileName() + ".partial");
        Files.createDirectories(stateFile.getParent());
        Files.deleteIfExists(partial);
        PrivateFiles.prepare(partial); // QEMU's shell writes it through cat under QEMU's umask
        capabilities(qmp);
        qmp.execute("migrate-set-parameters", Map.of("max-bandwidth", Long.MAX_VALUE / 2), QMP);
        qmp.execute("migrate", Map.of("uri", "exec:cat > " + shellQuote(partial)), QMP);
        JsonNode status = awaitMigration(qmp, timeout);
        if (!"completed".equals(status.path("status").asText())) {
            Files.deleteIfExists(partial);
            qmp.execute("cont", Map.of(), QMP);
            throw new IOException("QEMU could not save the machine: " + status.path("error-desc").asText(status.toString()));
        }
        Files.move(partial, stateFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Loads {@code stateFile} into a QEMU waiting with {@code -incoming defer} and waits until the guest runs. */
    public static void restore(QmpClient qmp, Path stateFile, Duration timeout, BooleanSupplier alive) throws IOException {
        capabilities(qmp);
        qmp.execute("migrate-incoming", Map.of("uri", "exec:cat " + shellQuote(stateFile)), QMP);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (!alive.getAsBoolean()) throw new IOException("QEMU exited while loading the saved state");
            JsonNode status;
            try {
                status = qmp.execute("query-status", Map.of(), QMP);
            } catch (IOException e) {
                if (!alive.getAsBoolean()) throw new IOException("QEMU exited while loading the saved state", e);
                throw e;
            }
            String s = status.path("status").asText();
            if (s.equals("running")) return;
            if (!s.equals("inmigrate") && !s.equals("prelaunch") && !s.equals("restore-vm")) {
                if (s.equals("paused") || s.equals("postmigrate")) {
                    qmp.execute("cont", Map.of(), QMP);
                    continue;
                }
                throw new IOException("the machine ended up " + s + " instead of running");
            }
            if (System.nanoTime() > deadline) throw new IOException("loading took longer than " + timeout.toSeconds() + " s");
            sleep(10);
        }
    }

    private static void capabilities(QmpClient qmp) throws IOException {
        qmp.execute("migrate-set-capabilities", Map.of("capabilities", List.of(
                Map.of("capability", "x-ignore-shared", "state", true))), QMP);
    }

    private static JsonNode awaitMigration(QmpClient qmp, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            JsonNode status = qmp.execute("query-migrate", Map.of(), QMP);
            String s = status.path("status").asText();
            if (s.equals("completed") || s.equals("failed") || s.equals("cancelled")) return status;
            if (System.nanoTime() > deadline) {
                qmp.execute("migrate_cancel", Map.of(), QMP);
                throw new IOException("saving took longer than " + timeout.toSeconds() + " s");
            }
            sleep(10);
        }
    }

    /** A path quoted for the shell that QEMU runs {@code exec:} commands with. */
    public static String shellQuote(Path path) {
        return "'" + path.toString().replace("'", "'\\''") + "'";
    }

    private static void sleep(long millis) throws IOException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
