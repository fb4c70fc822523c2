package dev.berth.image.internal.build;

import dev.berth.image.internal.spec.GuestSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * One Debian suite reached through an apt state of Berth's own (sources, package lists, downloaded files), so that
 * neither the host's apt configuration nor its installed packages play any part, and nothing of the host's changes.
 */
public final class AptRepository {
    /** apt takes its own locks and fails at once on a held one: the image build and the host tools take turns. */
    private static final ConcurrentHashMap<Path, ReentrantLock> TURNS = new ConcurrentHashMap<>();
    /** Package lists older than this are fetched again before packages are resolved afresh. */
    private static final Duration LISTS_MAX_AGE = Duration.ofDays(1);
    private final GuestSpec.Debian source;
    private final Path folder;
    private final Duration timeout;
    private final Consumer<String> warn;

    /**
     * The state of {@code source} under {@code root} (one folder per suite, mirror and keyring).
     *
     * @param warn receives what the user should know, such as a mirror whose Release file has expired
     */
    public AptRepository(GuestSpec.Debian source, Path root, Duration timeout, Consumer<String> warn) {
        this.source = source;
        this.folder = root.resolve(folderName(source));
        this.timeout = timeout;
        this.warn = warn;
    }

    /** The suite's folder name: readable, and distinct for every mirror, component list and keyring. */
    static String folderName(GuestSpec.Debian source) {
        String key = source.mirror() + "\n" + source.suite() + "\n" + source.components() + "\n" + source.keyring();
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return source.suite().replaceAll("[^A-Za-z0-9.-]", "_") + "-" + HexFormat.of().formatHex(hash, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this Java has no SHA-256", e);
        }
    }

    /** Where downloaded {@code .deb} files are kept. */
    public Path debs() {
        return folder.resolve("debs");
    }

    /** The suite's archive. */
    public GuestSpec.Debian source() {
        return source;
    }

    /** Runs an apt command against this suite only, in the download folder, one command of the suite at a time. */
    HostCommand.Result run(List<String> command) throws IOException {
        ReentrantLock turn = TURNS.computeIfAbsent(folder.toAbsolutePath().normalize(), f -> new ReentrantLock());
        turn.lock();
        try {
            return HostCommand.run(command, prepare(), Map.of("APT_CONFIG", folder.resolve("apt.conf").toString()),
                    timeout, "apt");
        } finally {
            turn.unlock();
        }
    }

    /** Fetches the package lists when there are none yet, or when they are older than a day. */
    void updateIfStale() throws IOException {
        Path lists = prepare().getParent().resolve("lists");
        Instant newest = Instant.EPOCH;
        try (Stream<Path> files = Files.list(lists)) {
            for (Path f : files.filter(f -> f.getFileName().toString().endsWith("_Packages")).toList()) {
                FileTime t = Files.getLastModifiedTime(f);
                if (t.toInstant().isAfter(newest)) newest = t.toInstant();
            }
        }
        if (newest.isBefore(Instant.now().minus(LISTS_MAX_AGE))) update();
    }

    /**
     * Fetches the suite's package lists. A Release file past its {@code Valid-Until} (a stale mirror or an old
     * snapshot) is accepted with a warning: its signature is still checked, and a lock pins every file's SHA-256.
     */
    void update() throws IOException {
        HostCommand.Result result = run(List.of("apt-get", "update"));
        if (result.exitCode() == 0 && !result.stderr().contains("is expired")) return;
        if (result.stderr().contains("is expired")) {
            warn.accept("the Release file of " + source.mirror() + " " + source.suite() + " has expired (a stale "
                    + "mirror or an old snapshot); its packages are used, still checked against Debian's signature");
            run(List.of("apt-get", "-o", "Acquire::Check-Valid-Until=false", "update")).requireSuccess();
            return;
        }
        throw new IOException("could not fetch the package lists of " + source.mirror() + " " + source.suite()
                + ": " + result.stderr().strip() + " (check the network, the mirror and the keyring " + source.keyring()
                + ")");
    }

    /** Creates the state folders and writes the configuration; returns the download folder. */
    private Path prepare() throws IOException {
        for (String dir : List.of("etc/apt.conf.d", "etc/sources.list.d", "etc/preferences.d", "etc/trusted.gpg.d",
                "lists/partial", "cache/archives/partial", "debs")) {
            Files.createDirectories(folder.resolve(dir));
        }
        if (!Files.isReadable(Path.of(source.keyring()))) {
            throw new IOException("the keyring " + source.keyring() + " that signs Debian's archive is missing: "
                    + "install it with sudo apt-get install debian-archive-keyring");
        }
        Path status = folder.resolve("status");
        if (!Files.exists(status)) Files.createFile(status);
        writeIfChanged(folder.resolve("etc/sources.list"), "deb [signed-by=" + source.keyring() + "] "
                + source.mirror() + " " + source.suite() + " " + String.join(" ", source.components()) + "\n");
        writeIfChanged(folder.resolve("apt.conf"), config());
        return debs();
    }

    /** An apt configuration that reads nothing of the host's apt files and keeps all state in this folder. */
    private String config() {
        String f = folder.toString();
        return String.join("\n",
                "Dir::Etc::main \"/dev/null\";",
                "Dir::Etc::parts \"" + f + "/etc/apt.conf.d\";",
                "Dir::Etc::sourcelist \"" + f + "/etc/sources.list\";",
                "Dir::Etc::sourceparts \"" + f + "/etc/sources.list.d\";",
                "Dir::Etc::preferences \"/dev/null\";",
                "Dir::Etc::preferencesparts \"" + f + "/etc/preferences.d\";",
                "Dir::Etc::trusted \"/dev/null\";",
                "Dir::Etc::trustedparts \"" + f + "/etc/trusted.gpg.d\";",
                "Dir::State \"" + f + "\";",
                "Dir::State::lists \"" + f + "/lists\";",
                "Dir::State::status \"" + f + "/status\";",
                "Dir::Cache \"" + f + "/cache\";",
                "APT::Architecture \"amd64\";",
                "APT::Architectures { \"amd64\"; };",
                "Acquire::Languages \"none\";",
                "") ;
    }

    private static void writeIfChanged(Path file, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (Files.exists(file) && java.util.Arrays.equals(Files.readAllBytes(file), bytes)) return;
        Files.write(file, bytes);
    }
}
