package dev.berth.ui.internal.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AccessTokenTest {
    @TempDir
    Path dir;

    @Test
    void theTokenIsCreatedOnceOwnerOnlyAndKept() throws Exception {
        Path file = dir.resolve("state").resolve("dashboard.token");
        AccessToken first = AccessToken.load(file);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertTrue(first.value().length() >= 43, first.value());
        assertEquals(first.value(), AccessToken.load(file).value());
        assertTrue(first.matches(first.value()));
        assertFalse(first.matches(first.value() + "x"));
        assertFalse(first.matches(null));
    }

    @Test
    void aTooShortTokenFileIsReplaced() throws Exception {
        Path file = dir.resolve("dashboard.token");
        Files.writeString(file, "short\n");
        assertNotEquals("short", AccessToken.load(file).value());
    }
}
