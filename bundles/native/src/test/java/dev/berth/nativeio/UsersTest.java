package dev.berth.nativeio;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The effective uid is the one the system's own tools report; the umask set is the one in force. */
class UsersTest {
    @Test
    void theEffectiveUidIsWhatIdPrints() throws Exception {
        Process id = new ProcessBuilder("id", "-u").start();
        long expected = Long.parseLong(new String(id.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip());
        assertEquals(0, id.waitFor());
        assertEquals(expected, Users.effectiveUid());
    }

    @Test
    void theUmaskSetIsTheOneFilesAreCreatedWith(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        int before = Users.setUmask(0);
        try {
            java.nio.file.Path file = java.nio.file.Files.createFile(dir.resolve("f"));
            java.nio.file.Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-rw-rw-"));
            assertEquals(0, Users.setUmask(027), "the mask set before");
            assertEquals(027, Users.setUmask(before));
        } finally {
            Users.setUmask(before);
        }
    }
}
