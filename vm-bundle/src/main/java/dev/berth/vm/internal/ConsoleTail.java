package dev.berth.vm.internal;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The last lines of the guest's serial console, cleaned of control characters. */
final class ConsoleTail {
    private ConsoleTail() {
    }

    /** Up to {@code lines} last lines, joined with newlines; empty when the console is empty or unreadable. */
    static String last(Path console, int lines) {
        if (!Files.exists(console)) return "";
        try (RandomAccessFile f = new RandomAccessFile(console.toFile(), "r")) {
            long from = Math.max(0, f.length() - 64 * 1024);
            byte[] tail = new byte[(int) (f.length() - from)];
            f.seek(from);
            f.readFully(tail);
            List<String> all = new String(tail, StandardCharsets.UTF_8).replace("\r", "")
                    .replaceAll("[\\p{Cntrl}&&[^\n\t]]", "").lines().toList();
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "";
        }
    }
}
