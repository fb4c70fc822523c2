package dev.berth.image.internal.build;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The exact Debian package versions of an image, stored as one {@code name version sha256} line per package, sorted.
 *
 * @param entries the locked packages, sorted by name
 */
public record LockFile(List<Entry> entries) {
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    /**
     * One locked package.
     *
     * @param name    package name
     * @param version exact version, epoch included
     * @param sha256  lower-case hex SHA-256 of its {@code .deb} file
     */
    public record Entry(String name, String version, String sha256) {
    }

    /** A lock of {@code entries}, sorted by name; a name may appear once. */
    public LockFile {
        List<Entry> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparing(Entry::name));
        Set<String> names = new HashSet<>();
        for (Entry e : sorted) {
            if (!names.add(e.name())) {
                throw new IllegalArgumentException("package " + e.name() + " is locked twice: keep one line for it");
            }
            if (!SHA256.matcher(e.sha256()).matches()) {
                throw new IllegalArgumentException("package " + e.name() + " has the malformed sha256 '" + e.sha256()
                        + "': expected 64 lower-case hex digits");
            }
        }
        entries = List.copyOf(sorted);
    }

    /** Reads a lock file; blank lines and lines starting with {@code #} are skipped. */
    public static LockFile read(Path file) throws IOException {
        List<Entry> entries = new ArrayList<>();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] words = line.split("\\s+");
            if (words.length != 3 || !SHA256.matcher(words[2]).matches()) {
                throw new IOException(file + " line " + (i + 1) + ": expected 'name version sha256' (64 hex "
                        + "digits), got '" + line + "': fix the line or delete the file to lock again");
            }
            entries.add(new Entry(words[0], words[1], words[2]));
        }
        try {
            return new LockFile(entries);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    /** Writes this lock, one sorted line per package. */
    public void write(Path file) throws IOException {
        StringBuilder text = new StringBuilder();
        for (Entry e : entries) {
            text.append(e.name()).append(' ').append(e.version()).append(' ').append(e.sha256()).append('\n');
        }
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }
}
