package dev.berth.vm.internal.tools;

import dev.berth.api.daemon.BerthHome;
import dev.berth.api.image.DebianPackages;
import dev.berth.api.image.GuestImageBuilder;
import dev.berth.api.tools.HostTool;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * Puts the host tools into a package's {@code tools/} folder when the package is built, with the same code, lock and
 * Debian suite as a daemon that downloads them: {@code java -cp <the daemon's bundles> ...ToolsForPackage OUT APT}.
 */
public final class ToolsForPackage {
    private ToolsForPackage() {
    }

    /**
     * Fills {@code args[0]} (created, emptied first) with {@code bin/}, {@code cli-plugins/} and {@code bin/tools.tsv},
     * keeping the suite's apt state in {@code args[1]} between builds; prints each tool.
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: ToolsForPackage OUTPUT-FOLDER APT-STATE-FOLDER");
            System.exit(2);
        }
        Path out = Path.of(args[0]).toAbsolutePath();
        ToolInstaller.deleteTree(out);
        Files.createDirectories(out);
        // Outside a framework the image bundle's builder is found as a Java service provider, on the class path of
        // the daemon's bundles; the built-in spec names the suite.
        GuestImageBuilder builder = ServiceLoader.load(GuestImageBuilder.class, ToolsForPackage.class.getClassLoader())
                .findFirst().orElseThrow(() -> new IOException("no guest image builder on the class path: put the "
                        + "image bundle's jar on it"));
        DebianPackages apt = builder.packages(Optional.empty(), Path.of(args[1]), w -> System.err.println("berth: " + w));
        List<HostTool> tools = new ToolInstaller(new BerthHome(out), w -> System.err.println("berth: " + w))
                .install(ToolInstaller.bundledLock(apt), apt);
        // The package's record names the packages only: the paths it would name are those of this build's folder, and
        // an installed Berth records the tools where it links them, in the user's home.
        Map<String, String> versions = ToolInstaller.packageVersions(ToolInstaller.record(out));
        ToolInstaller.writeRecord(ToolInstaller.record(out), versions, List.of());
        ToolInstaller.deleteTree(out.resolve("state"));
        tools.forEach(t -> System.err.println("berth: packaged " + t.name() + " " + t.version()));
    }
}
