package dev.berth.e2e.user;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.berth.e2e.BerthCli;
import dev.berth.e2e.BerthCli.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The .deb of this build: the one in distribution/target when it is newer than the jars, else built now. */
final class PackageBuild {
    private PackageBuild() {
    }

    /** Returns the package, building it with distribution/deb/build-deb.sh when it is missing or stale. */
    static Path deb(Path target) throws Exception {
        long jars = Files.getLastModifiedTime(target.resolve("berth.jar")).toMillis();
        Optional<Path> built = find(target);
        if (built.isPresent() && Files.getLastModifiedTime(built.get()).toMillis() >= jars) return built.get();
        long began = System.nanoTime();
        Result build = BerthCli.exec(List.of(BerthCli.SOURCE.resolve("distribution/deb/build-deb.sh").toString()),
                null, Duration.ofMinutes(20), Map.of());
        assertEquals(0, build.code(), build.all());
        System.out.printf("package built in %.1f s%n", (System.nanoTime() - began) / 1e9);
        return find(target).orElseThrow(() -> new AssertionError("no .deb after the build: " + build.all()));
    }

    /**
     * The same package under another version, as a newer or older build of it would be installed: unpacked, its
     * control file, version file and their checksums rewritten, and packed again into {@code dir}.
     */
    static Path withVersion(Path deb, String version, Path dir) throws Exception {
        Path root = dir.resolve("root");
        run(List.of("rm", "-rf", root.toString()));
        run(List.of("dpkg-deb", "-R", deb.toString(), root.toString()));
        Path control = root.resolve("DEBIAN/control");
        Files.writeString(control, Files.readString(control).replaceFirst("(?m)^Version: .*$", "Version: " + version));
        String properties = "opt/berth/lib/berth-package.properties";
        Path file = root.resolve(properties);
        Files.writeString(file, Files.readString(file).replaceFirst("(?m)^version=.*$", "version=" + version));
        Path sums = root.resolve("DEBIAN/md5sums");
        String md5 = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("MD5")
                .digest(Files.readAllBytes(file)));
        Files.writeString(sums, Files.readString(sums).replaceFirst("(?m)^\\p{XDigit}{32}  " + java.util.regex.Pattern.quote(properties) + "$",
                md5 + "  " + properties));
        Path out = dir.resolve("berth_" + version + "_amd64.deb");
        // fast compression: this package is installed once, here
        run(List.of("dpkg-deb", "--root-owner-group", "-Zgzip", "-z1", "-b", root.toString(), out.toString()));
        run(List.of("rm", "-rf", root.toString()));
        return out;
    }

    private static void run(List<String> command) throws Exception {
        Result r = BerthCli.exec(command, null, Duration.ofMinutes(5), Map.of());
        assertEquals(0, r.code(), r.all());
    }

    private static Optional<Path> find(Path target) throws IOException {
        try (var files = Files.list(target)) {
            return files.filter(p -> p.getFileName().toString().matches("berth_.*_amd64\\.deb")).findFirst();
        }
    }
}
