package dev.berth.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.berth.e2e.BerthCli.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The tests' own {@code pass} password store: a throwaway GnuPG key without passphrase and a store initialised for it,
 * both beside Berth's test home, so that Berth names {@code pass} as the docker CLI's {@code credsStore}.
 */
final class PassStore {
    static final Path GNUPG = BerthCli.HOME.resolveSibling("gnupg");
    static final Path STORE = BerthCli.HOME.resolveSibling("password-store");
    private static final Duration T = Duration.ofMinutes(1);

    private PassStore() {
    }

    /** GNUPGHOME and PASSWORD_STORE_DIR for every program the tests run. */
    static Map<String, String> environment() {
        return Map.of("GNUPGHOME", GNUPG.toString(), "PASSWORD_STORE_DIR", STORE.toString());
    }

    /** Creates the key and the store unless the store is initialised; {@code pass} must be installed. */
    static synchronized void ensure() throws IOException, InterruptedException {
        if (Files.isRegularFile(STORE.resolve(".gpg-id"))) return;
        Files.createDirectories(GNUPG);
        Files.setPosixFilePermissions(GNUPG, PosixFilePermissions.fromString("rwx------"));
        // a run that stopped between the key and the store (pass missing, say) left the key: it is used again
        if (fingerprint().isEmpty()) {
            ok(List.of("gpg", "--batch", "--passphrase", "", "--quick-gen-key", "berth-e2e@example.invalid", "default", "default", "never"));
        }
        ok(List.of("pass", "init", fingerprint().orElseThrow(() -> new AssertionError("gpg made no key"))));
    }

    private static Optional<String> fingerprint() throws IOException, InterruptedException {
        Result keys = BerthCli.exec(List.of("gpg", "--batch", "--with-colons", "--list-secret-keys", "berth-e2e@example.invalid"),
                null, T, Map.of());
        return keys.out().lines().filter(l -> l.startsWith("fpr:")).map(l -> l.split(":")[9]).findFirst();
    }

    /** Stops the gpg-agent that the store's use started. */
    static void stopAgent() throws IOException, InterruptedException {
        if (Files.isDirectory(GNUPG)) BerthCli.exec(List.of("gpgconf", "--kill", "gpg-agent"), null, T, Map.of());
    }

    private static Result ok(List<String> cmd) throws IOException, InterruptedException {
        Result r = BerthCli.exec(cmd, null, T, Map.of());
        assertEquals(0, r.code(), String.join(" ", cmd) + " (gnupg and pass set up the test's password store): " + r.all());
        return r;
    }
}
