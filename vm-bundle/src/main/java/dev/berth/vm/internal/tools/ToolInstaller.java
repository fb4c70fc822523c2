package dev.berth.vm.internal.tools;

import dev.berth.api.daemon.BerthHome;
import dev.berth.api.tools.HostTool;
import dev.berth.api.image.DebianPackages;
import dev.berth.api.image.DownloadedPackage;
import dev.berth.api.image.LockedPackage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Puts the docker CLI, its plugins and the credential helpers into Berth's home from their Debian packages, unless
 * the versions there already are the locked ones; {@code bin/tools.tsv} records what was installed.
 */
final class ToolInstaller {
    private static final String LOCK = "/dev/berth/vm/tools/host-tools.lock";
    private final BerthHome home;
    private final Consumer<String> warn;

    ToolInstaller(BerthHome home, Consumer<String> warn) {
        this.home = home;
        this.warn = warn;
    }

    /** The record of installed package versions. */
    Path record() {
        return record(home.root());
    }

    /** The record of what is installed in a folder laid out as Berth's home ({@code bin/tools.tsv}). */
    static Path record(Path root) {
        return root.resolve("bin").resolve("tools.tsv");
    }

    /** The lock of the tools this bundle ships (which version of each package, and its SHA-256), read by {@code apt}. */
    static List<LockedPackage> bundledLock(DebianPackages apt) throws IOException {
        Path temp = Files.createTempFile("host-tools", ".lock");
        try (InputStream in = ToolInstaller.class.getResourceAsStream(LOCK)) {
            if (in == null) throw new IOException("the bundle lacks " + LOCK);
            Files.write(temp, in.readAllBytes());
            return apt.readLock(temp);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Installs the tools of {@code lock} from {@code apt} when missing or of another version. */
    List<HostTool> install(List<LockedPackage> lock, DebianPackages apt) throws IOException {
        Map<String, String> wanted = new LinkedHashMap<>();
        lock.forEach(e -> wanted.put(e.name(), e.version()));
        if (wanted.equals(installedVersions()) && allDownloaded()) return tools(home, wanted);
        List<DownloadedPackage> debs;
        try {
            debs = apt.download(lock);
        } catch (IOException e) {
            warn.accept("the locked host tools cannot be had (" + e.getMessage() + "); using the suite's current versions");
            debs = apt.downloadCurrent(ToolFiles.packages());
        }
        Map<String, String> versions = new LinkedHashMap<>();
        Path staging = home.state().resolve("tools-staging");
        deleteTree(staging);
        try {
            for (DownloadedPackage deb : debs) {
                apt.unpack(deb, Files.createDirectories(staging.resolve(deb.name())));
                versions.put(deb.name(), deb.version());
            }
            for (ToolFiles.Entry entry : ToolFiles.ALL) {
                Path from = staging.resolve(entry.packageName()).resolve(entry.source());
                if (!Files.isRegularFile(from)) {
                    throw new IOException(entry.packageName() + " " + versions.get(entry.packageName()) + " has no "
                            + entry.source() + ": the package changed its layout");
                }
                Path to = home.root().resolve(entry.folder()).resolve(entry.fileName());
                Files.createDirectories(to.getParent());
                Path temp = to.resolveSibling("." + entry.fileName() + ".new");
                Files.copy(from, temp, StandardCopyOption.REPLACE_EXISTING);
                Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rwxr-xr-x"));
                Files.move(temp, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
        } finally {
            deleteTree(staging);
        }
        // Scripts still call Compose v1's name: it runs the plugin, which acts as standalone docker-compose then.
        Path link = home.bin().resolve("docker-compose");
        Files.deleteIfExists(link);
        Files.createSymbolicLink(link, Path.of("..", "cli-plugins", "docker-compose"));
        List<HostTool> tools = tools(home, versions);
        writeRecord(record(), versions, tools);
        return tools;
    }

    /** Writes {@code tools.tsv}: the packages, then each tool. */
    static void writeRecord(Path file, Map<String, String> versions, List<HostTool> tools) throws IOException {
        // Tab-separated so that the client's berth doctor reads it without a JSON library.
        StringBuilder record = new StringBuilder("# Berth's host tools: the packages installed, then each tool\n");
        versions.forEach((name, version) -> record.append("package\t").append(name).append('\t').append(version).append('\n'));
        tools.forEach(t -> record.append("tool\t").append(t.name()).append('\t').append(t.version()).append('\t')
                .append(t.path()).append('\n'));
        Files.writeString(file, record);
    }

    /** The package versions {@code tools.tsv} records, empty when there is none. */
    Map<String, String> installedVersions() {
        return packageVersions(record());
    }

    /** The package versions a {@code tools.tsv} records, empty when there is none. */
    static Map<String, String> packageVersions(Path file) {
        Map<String, String> versions = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(file)) {
                String[] words = line.split("\t");
                if (words.length == 3 && words[0].equals("package")) versions.put(words[1], words[2]);
            }
        } catch (IOException e) {
            return Map.of();
        }
        return versions;
    }

    /** Whether every tool is a file this Berth downloaded into its home (not a link to a package's). */
    boolean allDownloaded() {
        for (ToolFiles.Entry entry : ToolFiles.ALL) {
            // a link to a package's tools is not a download of this Berth's: replaced, so a checkout keeps its own
            Path file = home.root().resolve(entry.folder()).resolve(entry.fileName());
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) || !Files.isExecutable(file)) return false;
        }
        return Files.exists(home.bin().resolve("docker-compose"), LinkOption.NOFOLLOW_LINKS);
    }

    /** The tools as they are found in {@code home}, with the upstream versions of their packages. */
    static List<HostTool> tools(BerthHome home, Map<String, String> versions) {
        List<HostTool> tools = new ArrayList<>();
        for (ToolFiles.Entry entry : ToolFiles.ALL) {
            tools.add(new HostTool(entry.name(), ToolFiles.upstream(versions.getOrDefault(entry.packageName(), "?")),
                    home.root().resolve(entry.folder()).resolve(entry.fileName())));
        }
        return tools;
    }

    /** Deletes {@code path} and everything in it, never following a link out of it; nothing when it is missing. */
    static void deleteTree(Path path) throws IOException {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) return;
        try (Stream<Path> all = Files.walk(path)) {
            for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }
}
