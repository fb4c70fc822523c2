package dev.berth.cli.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExtensionInstallTest {
    @TempDir
    Path dir;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private List<String> words(String typed, String... rest) throws IOException {
        BufferedReader answer = typed == null ? null : new BufferedReader(new StringReader(typed));
        return ExtensionInstall.words(List.of(rest), answer, new PrintStream(out, true), new PrintStream(err, true));
    }

    @Test
    void otherActionsPassThrough() throws IOException {
        assertEquals(List.of("berth:extension", "ls"), words(null, "ls"));
        assertEquals(List.of("berth:extension", "rm", "x"), words(null, "rm", "x"));
    }

    @Test
    void installAsksAndSendsTheAbsolutePath() throws IOException {
        Path jar = Files.writeString(dir.resolve("x.jar"), "");
        assertEquals(List.of("berth:extension", "install", jar.toString(), "--yes"), words("y\n", "install", jar.toString()));
        assertTrue(err.toString().contains("Berth's rights"), err.toString());
        assertTrue(out.toString().contains("[y/N]"), out.toString());
    }

    @Test
    void noAnswerOrNoTerminalInstallsNothing() throws IOException {
        Path jar = Files.writeString(dir.resolve("x.jar"), "");
        assertNull(words("\n", "install", jar.toString()));
        assertNull(words(null, "install", jar.toString()));
        assertTrue(err.toString().contains("--yes"), err.toString());
        assertEquals(List.of("berth:extension", "install", jar.toString(), "--yes"), words(null, "install", "--yes", jar.toString()));
    }

    @Test
    void updateAsksAsInstallDoes() throws IOException {
        assertEquals(List.of("berth:extension", "update", "example/hello:2.0", "--yes"), words("y\n", "update", "example/hello:2.0"));
        assertTrue(out.toString().contains("Update to the extension image example/hello:2.0? [y/N]"), out.toString());
        assertNull(words(null, "update", "example/hello:2.0"));
        assertTrue(err.toString().contains("add --yes to update example/hello:2.0"), err.toString());
    }

    @Test
    void aMissingFileIsSaidAtOnce() {
        assertThrows(IOException.class, () -> words("y\n", "install", dir.resolve("nope.jar").toString()));
    }

    @Test
    void aWordThatNamesNoFileIsAnImageAndIsAskedForToo() throws IOException {
        assertEquals(List.of("berth:extension", "install", "example/hello:1.0", "--yes"), words("yes\n", "install", "example/hello:1.0"));
        assertTrue(out.toString().contains("Install the extension image example/hello:1.0? [y/N]"), out.toString());
        assertNull(words(null, "install", "example/hello:1.0"));
        assertEquals(List.of("berth:extension", "validate", "example/hello:1.0"), words(null, "validate", "example/hello:1.0"));
        assertThrows(IOException.class, () -> words("y\n", "install", "./missing"));
    }
}
