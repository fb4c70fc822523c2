package dev.berth.vm.internal.tools;

import dev.berth.api.daemon.BerthHome;
import dev.berth.api.tools.HostTool;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The tools an installed package brings in {@code tools/} beside its {@code lib/} folder, linked into Berth's home
 * where a checkout's Berth puts the downloaded ones, so that nothing else (the CLI's plugin folder, the PATH hint,
 * {@code tools.linkInto}, {@code berth doctor}) needs to know where they come from.
 *
 * @param root the package's tools folder, holding {@code bin/}, {@code cli-plugins/} and {@code bin/tools.tsv}
 */
record PackagedTools(Path root) {
    /** The folder name beside the package's jars. */
    static final String FOLDER = "tools";

    /** The tools folder of the installation whose jars are in {@code lib}, when it brings one. */
    static Optional<PackagedTools> beside(String lib) {
        if (lib == null || lib.isBlank()) return Optional.empty();
        Path root = Path.of(lib).toAbsolutePath().normalize().resolveSibling(FOLDER);
        return Files.isRegularFile(ToolInstaller.record(root)) ? Optional.of(new PackagedTools(root)) : Optional.empty();
    }

    /**
     * Links every tool into {@code home} (replacing what an earlier download or package put there) and records the
     * package versions in the home's {@code bin/tools.tsv}, as a download would.
     */
    List<HostTool> link(BerthHome home) throws IOException {
        Map<String, String> versions = ToolInstaller.packageVersions(ToolInstaller.record(root));
        List<String> missing = new ArrayList<>();
        for (ToolFiles.Entry entry : ToolFiles.ALL) {
            if (!versions.containsKey(entry.packageName())) missing.add(entry.packageName());
            Path target = root.resolve(entry.folder()).resolve(entry.fileName());
            if (!Files.isExecutable(target)) missing.add(target.toString());
        }
        if (!missing.isEmpty()) {
            throw new IOException("the package's tools in " + root + " are incomplete (" + String.join(", ", missing)
                    + "): reinstall the package (sudo apt-get install --reinstall berth)");
        }
        for (ToolFiles.Entry entry : ToolFiles.ALL) {
            replaceWithLink(home.root().resolve(entry.folder()).resolve(entry.fileName()),
                    root.resolve(entry.folder()).resolve(entry.fileName()));
        }
        replaceWithLink(home.bin().resolve("docker-compose"), Path.of("..", "cli-plugins", "docker-compose"));
        List<HostTool> tools = ToolInstaller.tools(home, versions);
        ToolInstaller.writeRecord(home.bin().resolve("tools.tsv"), new LinkedHashMap<>(versions), tools);
        return tools;
    }

    /** Puts a link to {@code target} at {@code link} in one step, whatever was there. */
    private static void replaceWithLink(Path link, Path target) throws IOException {
        if (Files.isSymbolicLink(link) && Files.readSymbolicLink(link).equals(target)) return;
        Files.createDirectories(link.getParent());
        Path temp = link.resolveSibling("." + link.getFileName() + ".link");
        Files.deleteIfExists(temp);
        Files.createSymbolicLink(temp, target);
        Files.move(temp, link, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
