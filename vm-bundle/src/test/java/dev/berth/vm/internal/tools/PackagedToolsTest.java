package dev.berth.vm.internal.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.api.daemon.BerthHome;
import dev.berth.api.tools.HostTool;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PackagedToolsTest {
    private static final Map<String, String> VERSIONS = Map.of("docker-cli", "28.5.2+dfsg4-5",
            "docker-compose", "2.40.3-3", "docker-buildx", "0.29.1+ds1-4",
            "golang-docker-credential-helpers", "0.9.6+ds1-2");
    @TempDir
    Path dir;

    @Test
    void aPackageIsFoundOnlyBesideItsLibFolderWithItsRecord() throws IOException {
        Path lib = Files.createDirectories(dir.resolve("opt/berth/lib"));
        assertTrue(PackagedTools.beside(lib.toString()).isEmpty(), "no tools folder");
        assertTrue(PackagedTools.beside(null).isEmpty());
        Path tools = packageTools(dir.resolve("opt/berth/tools"));
        assertEquals(tools, PackagedTools.beside(lib.toString()).orElseThrow().root());
    }

    @Test
    void linksThePackagesToolsIntoTheHomeReplacingEarlierDownloads() throws IOException {
        PackagedTools packaged = new PackagedTools(packageTools(dir.resolve("opt/berth/tools")));
        BerthHome home = new BerthHome(dir.resolve("home/.berth"));
        Files.createDirectories(home.bin());
        Files.writeString(home.bin().resolve("docker"), "a docker CLI downloaded by an earlier Berth");

        List<HostTool> tools = packaged.link(home);

        assertEquals(packaged.root().resolve("bin/docker"), Files.readSymbolicLink(home.bin().resolve("docker")));
        assertEquals(packaged.root().resolve("cli-plugins/docker-compose"),
                Files.readSymbolicLink(home.cliPlugins().resolve("docker-compose")));
        assertEquals(Path.of("..", "cli-plugins", "docker-compose"),
                Files.readSymbolicLink(home.bin().resolve("docker-compose")));
        assertEquals("packaged docker-buildx", Files.readString(home.cliPlugins().resolve("docker-buildx")));
        assertEquals(5, tools.size());
        assertEquals(new HostTool("docker", "28.5.2", home.bin().resolve("docker")), tools.getFirst());
        String record = Files.readString(home.bin().resolve("tools.tsv"));
        assertTrue(record.contains("package\tdocker-cli\t28.5.2+dfsg4-5\n"), record);
        assertTrue(record.contains("tool\tdocker compose\t2.40.3\t" + home.cliPlugins().resolve("docker-compose")), record);
        assertEquals(tools, packaged.link(home), "linking again changes nothing");
    }

    @Test
    void aDownloadReplacesLinksToAPackageInACheckoutsHome() throws IOException {
        PackagedTools packaged = new PackagedTools(packageTools(dir.resolve("opt/berth/tools")));
        BerthHome home = new BerthHome(dir.resolve("home/.berth"));
        packaged.link(home);
        ToolInstaller installer = new ToolInstaller(home, w -> { });
        assertEquals(VERSIONS, installer.installedVersions(), "the versions are those of a download's record");
        // A checkout compares these with its lock: equal versions alone must not keep the package's links.
        assertFalse(installer.allDownloaded(), "links to a package do not count as this Berth's downloads");
    }

    @Test
    void anIncompletePackageSaysToReinstallIt() throws IOException {
        Path root = packageTools(dir.resolve("opt/berth/tools"));
        Files.delete(root.resolve("cli-plugins/docker-buildx"));
        IOException e = assertThrows(IOException.class,
                () -> new PackagedTools(root).link(new BerthHome(dir.resolve("home"))));
        assertTrue(e.getMessage().contains("docker-buildx") && e.getMessage().contains("--reinstall berth"), e.getMessage());
    }

    private static Path packageTools(Path root) throws IOException {
        for (ToolFiles.Entry entry : ToolFiles.ALL) {
            Path file = Files.createDirectories(root.resolve(entry.folder())).resolve(entry.fileName());
            Files.writeString(file, "packaged " + entry.packageName());
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        ToolInstaller.writeRecord(ToolInstaller.record(root), new java.util.TreeMap<>(VERSIONS), List.of());
        return root;
    }
}
