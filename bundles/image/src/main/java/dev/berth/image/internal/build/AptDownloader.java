package dev.berth.image.internal.build;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Downloads Debian packages of one suite into its own folder: a dependency closure, or exactly a lock file. */
public final class AptDownloader {
    private static final List<String> DEPENDS = List.of("apt-cache", "depends", "--no-recommends", "--no-suggests",
            "--no-conflicts", "--no-breaks", "--no-replaces", "--no-enhances");
    private static final Pattern UNKNOWN = Pattern.compile("Unable to locate package (\\S+)");
    private static final Pattern GONE = Pattern.compile("Version '([^']+)' for '([^']+)' was not found");

    /**
     * A package file in the cache.
     *
     * @param name         package name
     * @param version      exact version
     * @param architecture {@code amd64}, {@code all}, ...
     * @param file         the {@code .deb} file
     * @param sha256       lower-case hex SHA-256 of the file
     */
    public record Downloaded(String name, String version, String architecture, Path file, String sha256) {
        /** The line that locks this package. */
        public LockFile.Entry lockEntry() {
            return new LockFile.Entry(name, version, sha256);
        }
    }

    private final AptRepository repository;
    private final Path cache;
    private boolean refreshed;

    /** A downloader from {@code repository} into its download folder. */
    public AptDownloader(AptRepository repository) {
        this.repository = repository;
        this.cache = repository.debs();
    }

    /**
     * Downloads the candidate versions of {@code roots} and of everything they depend on (Depends and Pre-Depends),
     * never a package of {@code excludes}; how alternatives and virtual packages are chosen is told in
     * {@link DependencyClosure#of}. Files already in the cache with the index's SHA-256 are not fetched again.
     */
    public List<Downloaded> resolveAndDownload(Collection<String> roots, Collection<String> excludes)
            throws IOException {
        Files.createDirectories(cache);
        repository.updateIfStale();
        SortedSet<String> names = DependencyClosure.of(roots, Set.copyOf(excludes),
                packages -> AptOutput.depends(apt(concat(DEPENDS, packages), false).stdout()));
        return downloadCandidates(names);
    }

    /** Downloads the candidate versions of exactly {@code names}, without their dependencies. */
    public List<Downloaded> downloadCandidates(Collection<String> names) throws IOException {
        Files.createDirectories(cache);
        repository.updateIfStale();
        Map<String, Map<String, String>> stanzas = AptOutput.show(
                apt(concat(List.of("apt-cache", "show", "--no-all-versions"), names), false).stdout());
        List<LockFile.Entry> wanted = new ArrayList<>();
        for (String name : names) {
            Map<String, String> stanza = stanzas.get(name);
            if (stanza == null || !stanza.containsKey("Version") || !stanza.containsKey("SHA256")) {
                throw new IOException("apt-cache show gave no version and sha256 for " + name + " in "
                        + repository.source().suite());
            }
            wanted.add(new LockFile.Entry(name, stanza.get("Version"), stanza.get("SHA256")));
        }
        return fetch(wanted, false);
    }

    /** Downloads exactly the versions of {@code lock} and checks each file's SHA-256 against it. */
    public List<Downloaded> download(LockFile lock) throws IOException {
        Files.createDirectories(cache);
        return fetch(lock.entries(), true);
    }

    /** The start of the file name apt-get download gives a version: {@code :}, {@code _} and {@code %} are quoted. */
    static String filePrefix(String name, String version) {
        return quoted(name) + "_" + quoted(version) + "_";
    }

    private List<Downloaded> fetch(List<LockFile.Entry> wanted, boolean locked) throws IOException {
        List<String> missing = new ArrayList<>();
        for (LockFile.Entry e : wanted) {
            Optional<Path> cached = cached(e);
            if (cached.isEmpty() || !sha256(cached.get()).equals(e.sha256())) {
                missing.add(e.name() + "=" + e.version());
            }
        }
        if (!missing.isEmpty()) {
            apt(concat(List.of("apt-get", "download"), missing), locked);
        }
        List<Downloaded> result = new ArrayList<>();
        for (LockFile.Entry e : wanted) {
            Path file = cached(e).orElseThrow(() -> new IOException("apt-get download " + e.name() + "=" + e.version()
                    + " left no file in " + cache + ": check the disk and retry"));
            String sha = sha256(file);
            if (!sha.equals(e.sha256())) {
                throw new IOException("package " + e.name() + " " + e.version() + " has sha256 " + sha + " but "
                        + (locked ? "the lock" : "the package index") + " says " + e.sha256()
                        + ": the mirror's file changed; if that is expected, lock again");
            }
            String base = file.getFileName().toString();
            String architecture = base.substring(base.lastIndexOf('_') + 1, base.length() - ".deb".length());
            result.add(new Downloaded(e.name(), e.version(), architecture, file, sha));
        }
        return result;
    }

    private Optional<Path> cached(LockFile.Entry e) throws IOException {
        String prefix = filePrefix(e.name(), e.version());
        try (Stream<Path> files = Files.list(cache)) {
            return files.filter(f -> f.getFileName().toString().startsWith(prefix)
                    && f.getFileName().toString().endsWith(".deb")).sorted().findFirst();
        }
    }

    /**
     * Runs an apt command against the suite, turning its usual failures into advice; a package or version the lists
     * do not know makes it fetch the lists once and try again, as the mirror may have moved on.
     */
    private HostCommand.Result apt(List<String> command, boolean locked) throws IOException {
        HostCommand.Result result = repository.run(command);
        if (result.exitCode() != 0 && !refreshed && (UNKNOWN.matcher(result.stderr()).find()
                || GONE.matcher(result.stderr()).find() || result.stderr().contains("404"))) {
            refreshed = true;
            repository.update();
            result = repository.run(command);
        }
        if (result.exitCode() != 0) {
            String suite = repository.source().mirror() + " " + repository.source().suite();
            Matcher unknown = UNKNOWN.matcher(result.stderr());
            Matcher gone = GONE.matcher(result.stderr());
            if (unknown.find()) {
                throw new IOException(suite + " has no package " + unknown.group(1) + ": check the spec's package names");
            }
            if (gone.find()) {
                throw new IOException("locked version " + gone.group(1) + " of " + gone.group(2) + " is no longer "
                        + "served by " + suite + ": lock again, or point debian.mirror at a snapshot of the archive");
            }
        }
        return result.requireSuccess();
    }

    private static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[65536];
            for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this Java has no SHA-256", e);
        }
    }

    private static String quoted(String word) {
        StringBuilder out = new StringBuilder();
        for (char c : word.toCharArray()) {
            boolean quote = c == ':' || c == '_' || c == '%' || c <= 0x20 || c >= 0x7f;
            out.append(quote ? String.format("%%%02x", (int) c) : String.valueOf(c));
        }
        return out.toString();
    }

    private static List<String> concat(List<String> head, Collection<String> tail) {
        List<String> all = new ArrayList<>(head);
        all.addAll(tail);
        return all;
    }
}
