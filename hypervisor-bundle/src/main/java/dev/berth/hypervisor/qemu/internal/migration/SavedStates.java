package dev.berth.hypervisor.qemu.internal.migration;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.hypervisor.qemu.internal.qmp.QmpClient;
import dev.berth.nativeio.FileDescriptors;
import dev.berth.nativeio.OpenFlags;
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
 * <p>QEMU 7.2 has no {@code file:} migration URI, so Berth opens the file itself (created private, mode 0600) and
 * hands QEMU the descriptor over the control connection ({@code getfd}, SCM_RIGHTS), then migrates to or from
 * {@code fd:NAME}. QEMU looks the name up in the monitor that runs the migration, so both go through the same
 * {@link QmpClient}; {@code migrate} and {@code migrate-incoming} take the descriptor out of that monitor's list and
 * close it when done. With the guest's memory in a shared file the {@code x-ignore-shared} capability leaves it out,
 * so only device state is written.
 */
public final class SavedStates {
    private static final Duration QMP = Duration.ofSeconds(10);
    /** The name QEMU files the descriptor under; it must not start with a digit, which would read as a number. */
    static final String FD_NAME = "berth-state";

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
        int fd;
        try {
            fd = FileDescriptors.open(partial, OpenFlags.O_WRONLY | OpenFlags.O_CREAT | OpenFlags.O_EXCL
                    | OpenFlags.O_NOFOLLOW, 0600);
        } catch (IOException e) {
            throw new IOException("cannot create the file for the VM's saved state: " + e.getMessage(), e);
        }
        try {
            capabilities(qmp);
            qmp.execute("migrate-set-parameters", Map.of("max-bandwidth", Long.MAX_VALUE / 2), QMP);
            handOver(qmp, fd, partial);
            FileDescriptors.close(fd); // QEMU has its own copy now
            fd = -1;
            migrate(qmp, "migrate", partial);
        } catch (IOException e) {
            FileDescriptors.closeQuietly(fd);
            Files.deleteIfExists(partial);
            throw e;
        }
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
        int fd;
        try {
            fd = FileDescriptors.open(stateFile, OpenFlags.O_RDONLY | OpenFlags.O_NOFOLLOW, 0);
        } catch (IOException e) {
            throw new IOException("cannot open the VM's saved state: " + e.getMessage(), e);
        }
        try {
            capabilities(qmp);
            handOver(qmp, fd, stateFile);
        } finally {
            FileDescriptors.closeQuietly(fd); // QEMU has its own copy, or none to be left with
        }
        migrate(qmp, "migrate-incoming", stateFile);
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

    /** Gives QEMU a copy of {@code fd} under {@link #FD_NAME}, on this connection's monitor. */
    private static void handOver(QmpClient qmp, int fd, Path file) throws IOException {
        try {
            qmp.executeWithDescriptor("getfd", Map.of("fdname", FD_NAME), fd, QMP);
        } catch (IOException e) {
            throw new IOException("could not hand QEMU the descriptor of " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Runs {@code migrate} or {@code migrate-incoming} to {@code fd:NAME}. Should QEMU refuse it before taking the
     * descriptor out of its list, the descriptor is closed there with {@code closefd}, so it does not hold the file.
     */
    private static void migrate(QmpClient qmp, String command, Path file) throws IOException {
        try {
            qmp.execute(command, Map.of("uri", "fd:" + FD_NAME), QMP);
        } catch (IOException e) {
            try {
                qmp.execute("closefd", Map.of("fdname", FD_NAME), QMP);
            } catch (IOException alreadyTaken) {
                // QEMU took the descriptor before it failed, and closed it
            }
            throw new IOException("QEMU could not " + (command.equals("migrate") ? "save the VM's state to "
                    : "load the VM's state from ") + file + ": " + e.getMessage(), e);
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

    private static void sleep(long millis) throws IOException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
