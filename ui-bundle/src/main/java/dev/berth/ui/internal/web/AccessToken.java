package dev.berth.ui.internal.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/** The per-install secret that every dashboard request must carry, kept in a file only its owner can read. */
public final class AccessToken {
    private final String value;

    private AccessToken(String value) {
        this.value = value;
    }

    /** Reads the token from {@code file}, creating it (mode 0600) with 32 random bytes when it is missing or empty. */
    public static AccessToken load(Path file) throws IOException {
        if (Files.isRegularFile(file)) {
            String existing = Files.readString(file, StandardCharsets.US_ASCII).strip();
            if (existing.length() >= 32) {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
                return new AccessToken(existing);
            }
        }
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        String created = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        Files.createDirectories(file.getParent());
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(temp);
        Files.createFile(temp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(temp, created + "\n", StandardCharsets.US_ASCII);
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return new AccessToken(created);
    }

    /** Whether {@code candidate} is the token, compared in constant time. */
    public boolean matches(String candidate) {
        if (candidate == null) return false;
        return MessageDigest.isEqual(value.getBytes(StandardCharsets.US_ASCII), candidate.getBytes(StandardCharsets.US_ASCII));
    }

    /** The token itself, for the URL that {@code berth dashboard} prints. */
    public String value() {
        return value;
    }
}
