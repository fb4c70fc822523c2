package dev.berth.engine.internal;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The docker credential helper to name in {@code credsStore}: the desktop's Secret Service where a session bus
 * runs, else {@code pass} where its password store is set up, and none otherwise (the CLI then keeps credentials in
 * config.json, as it does without Berth). The CLI runs {@code docker-credential-<name>} from its PATH, so a helper
 * counts only when it is there.
 */
final class CredentialStore {
    private CredentialStore() {
    }

    /** The helper to use in the environment {@code env} for the user whose home is {@code userHome}. */
    static Optional<String> choose(Map<String, String> env, Path userHome) {
        if (!env.getOrDefault("DBUS_SESSION_BUS_ADDRESS", "").isBlank()
                && onPath(env, "docker-credential-secretservice")) {
            return Optional.of("secretservice");
        }
        Path store = Path.of(env.getOrDefault("PASSWORD_STORE_DIR", userHome.resolve(".password-store").toString()));
        if (Files.isRegularFile(store.resolve(".gpg-id")) && onPath(env, "pass") && onPath(env, "docker-credential-pass")) {
            return Optional.of("pass");
        }
        return Optional.empty();
    }

    private static boolean onPath(Map<String, String> env, String tool) {
        for (String folder : env.getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!folder.isEmpty() && Files.isExecutable(Path.of(folder, tool))) return true;
        }
        return false;
    }
}
