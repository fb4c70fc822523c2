package dev.berth.cli.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What Berth created for one user and what {@code berth uninstall --purge-data} may remove: the entries Berth makes
 * in its home, the links {@code tools.linkInto} made, and the docker CLI's context {@code berth} for this home.
 * Anything else, in the home or beside it, is left alone and listed as such.
 *
 * @param home         Berth's home
 * @param dockerConfig the docker CLI's config folder ({@code DOCKER_CONFIG}, else {@code ~/.docker})
 */
record BerthData(Path home, Path dockerConfig) {
    /** The entries Berth itself creates in its home. */
    static final List<String> ENTRIES = List.of("settings.json", "run", "logs", "state", "images", "disks", "bin",
            "cli-plugins", "extensions");
    private static final Pattern LINK_INTO = Pattern.compile("\"linkInto\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");

    /**
     * One path to remove.
     *
     * @param path  the file, folder or link
     * @param bytes what it takes on disk (a link: nothing)
     * @param what  what it is, for the user
     */
    record Item(Path path, long bytes, String what) {
    }

    /** Why this home may not be purged, or empty when it is Berth's: a folder holding Berth's own state. */
    Optional<String> refusal(Path userHome) {
        Path h = home.toAbsolutePath().normalize();
        if (h.getParent() == null || h.equals(userHome.toAbsolutePath().normalize())) {
            return Optional.of(h + " is not a folder of Berth's own (BERTH_HOME names " + h + ")");
        }
        if (!Files.isDirectory(h, LinkOption.NOFOLLOW_LINKS)) return Optional.of("there is no Berth data in " + h);
        if (!Files.isDirectory(h.resolve("state"), LinkOption.NOFOLLOW_LINKS)
                && !Files.isRegularFile(h.resolve("settings.json"), LinkOption.NOFOLLOW_LINKS)) {
            return Optional.of(h + " holds neither state/ nor settings.json: it does not look like Berth's home, so "
                    + "nothing in it is removed");
        }
        return Optional.empty();
    }

    /** Everything Berth created that exists now, each with its size. */
    List<Item> items() throws IOException {
        List<Item> items = new ArrayList<>();
        for (String name : ENTRIES) {
            Path p = home.resolve(name);
            if (Files.exists(p, LinkOption.NOFOLLOW_LINKS)) items.add(new Item(p, diskUsage(p), describe(name)));
        }
        for (Path link : toolLinks()) items.add(new Item(link, 0, "a link to Berth's " + Files.readSymbolicLink(link)));
        Optional<Path> context = context();
        if (context.isPresent()) {
            items.add(new Item(context.get(), diskUsage(context.get()), "the docker CLI's context 'berth' for " + home));
        }
        return items;
    }

    /** The entries of the home Berth did not create: they stay, and so does the home folder then. */
    List<Path> foreign() throws IOException {
        List<Path> others = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(home)) {
            for (Path p : entries) if (!ENTRIES.contains(p.getFileName().toString())) others.add(p);
        }
        return others;
    }

    /** Removes {@code items}, then the home folder when nothing else is left in it. */
    void remove(List<Item> items) throws IOException {
        for (Item item : items) delete(item.path());
        try (DirectoryStream<Path> left = Files.newDirectoryStream(home)) {
            if (!left.iterator().hasNext()) Files.delete(home);
        }
    }

    /** The links in the {@code tools.linkInto} folder that point into this home's {@code bin} or plugins. */
    List<Path> toolLinks() {
        List<Path> links = new ArrayList<>();
        String folder;
        try {
            Matcher m = LINK_INTO.matcher(Files.readString(home.resolve("settings.json"), StandardCharsets.UTF_8));
            if (!m.find() || m.group(1).isBlank()) return links;
            folder = m.group(1).replaceFirst("^~(?=/|$)", System.getProperty("user.home").replace("\\", "\\\\"));
        } catch (IOException e) {
            return links;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(Path.of(folder))) {
            for (Path p : entries) {
                if (!Files.isSymbolicLink(p)) continue;
                Path target = p.getParent().resolve(Files.readSymbolicLink(p)).normalize();
                if (target.startsWith(home.resolve("bin")) || target.startsWith(home.resolve("cli-plugins"))) links.add(p);
            }
        } catch (IOException e) {
            // no such folder any more: no links to remove
        }
        return links;
    }

    /** The docker CLI's context folder whose endpoint is this home's docker socket, the one Berth wrote. */
    Optional<Path> context() {
        Path dir = dockerConfig.resolve("contexts").resolve("meta").resolve(sha256("berth"));
        try {
            String meta = Files.readString(dir.resolve("meta.json"));
            String socket = "unix://" + home.resolve("run").resolve("docker.sock");
            return meta.contains("\"Name\" : \"berth\"") || meta.contains("\"Name\":\"berth\"")
                    ? (meta.contains("\"" + socket + "\"") ? Optional.of(dir) : Optional.empty()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static String describe(String entry) {
        return switch (entry) {
            case "settings.json" -> "your settings";
            case "run" -> "sockets and pid files";
            case "logs" -> "the daemon's and the VM's logs";
            case "state" -> "the saved VM, certificates, caches";
            case "images" -> "the built guest images and their Debian packages";
            case "disks" -> "the VM's data disk: all images, containers and volumes";
            case "bin" -> "the docker CLI and credential helpers (or links to the package's)";
            case "extensions" -> "the extension bundles installed into Berth";
            default -> "the Compose and buildx plugins (or links to the package's)";
        };
    }

    /** Bytes a file or tree takes on disk (a sparse disk image counts only what it holds); links count nothing. */
    static long diskUsage(Path path) throws IOException {
        // the JDK does not tell allocated blocks, and a 64 GiB sparse data disk must not read as 64 GiB: du(1) does
        try {
            Process du = new ProcessBuilder("du", "-s", "-B1", "--", path.toString()).redirectErrorStream(true).start();
            String answer = new String(du.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (du.waitFor() == 0 && answer.matches("\\d+\\s.*")) return Long.parseLong(answer.split("\\s")[0]);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        long[] total = {0};
        Files.walkFileTree(path, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (attrs.isRegularFile()) total[0] += attrs.size();
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                return FileVisitResult.CONTINUE;
            }
        });
        return total[0];
    }

    private static void delete(Path path) throws IOException {
        if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
            Files.walkFileTree(path, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                    if (e != null) throw e;
                    Files.delete(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } else {
            Files.deleteIfExists(path);
        }
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this Java has no SHA-256", e);
        }
    }
}
