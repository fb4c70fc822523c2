package dev.berth.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.berth.e2e.BerthCli.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Test images built offline (no registry is reachable): a busybox image from Debian's busybox-static. */
public final class TestImages {
    public static final String BUSYBOX = "berth-test/busybox:1";
    /** The busybox image plus {@code /bin/udp-echo PORT}, a static UDP echo server built with the host's gcc. */
    public static final String UDP_ECHO = "berth-test/udp-echo:1";
    /** The busybox image plus {@code /bin/inotify-watch FOLDER...}, which prints each inotify event on a line. */
    public static final String INOTIFY_WATCH = "berth-test/inotify-watch:1";
    private static final Path BUSYBOX_BINARY = Path.of("/bin/busybox");

    private TestImages() {
    }

    /** Imports the busybox image into Berth's engine unless it is there. */
    public static synchronized String busybox() throws Exception {
        if (SharedBerth.docker(Duration.ofMinutes(1), "image", "inspect", BUSYBOX).code() == 0) return BUSYBOX;
        Path tar = busyboxTar();
        Result imported = SharedBerth.docker(Duration.ofMinutes(3), "import", "--change", "CMD [\"/bin/sh\"]",
                tar.toString(), BUSYBOX);
        assertEquals(0, imported.code(), imported.all());
        // Runs a command of the image (it works) and flushes the guest's file systems: a test that kills the VM
        // next must not lose the freshly written layer.
        Result sync = SharedBerth.docker(Duration.ofMinutes(2), "run", "--rm", BUSYBOX, "sync");
        assertEquals(0, sync.code(), sync.all());
        return BUSYBOX;
    }

    /** Builds the UDP echo image unless it is there. */
    public static synchronized String udpEcho() throws Exception {
        return withStaticTool(UDP_ECHO, "udp-echo");
    }

    /** Builds the inotify watcher image unless it is there. */
    public static synchronized String inotifyWatch() throws Exception {
        return withStaticTool(INOTIFY_WATCH, "inotify-watch");
    }

    /** The busybox image plus {@code /bin/TOOL}, compiled statically with the host's gcc from {@code images/TOOL.c}. */
    private static String withStaticTool(String image, String tool) throws Exception {
        if (SharedBerth.docker(Duration.ofMinutes(1), "image", "inspect", image).code() == 0) return image;
        Path context = staticToolContext(busybox(), tool, Files.createTempDirectory("berth-" + tool));
        Result built = SharedBerth.docker(Duration.ofMinutes(3), "build", "-q", "-t", image, context.toString());
        assertEquals(0, built.code(), built.all());
        return image;
    }

    /** Fills {@code context} with {@code TOOL} compiled statically and a Dockerfile adding it to {@code base}. */
    public static Path staticToolContext(String base, String tool, Path context) throws Exception {
        Path source = context.resolve(tool + ".c");
        try (var in = TestImages.class.getResourceAsStream("/images/" + tool + ".c")) {
            Files.copy(in, source);
        }
        Result cc = BerthCli.exec(List.of("gcc", "-static", "-O2", "-o", context.resolve(tool).toString(),
                source.toString()), null, Duration.ofMinutes(2), Map.of());
        assertEquals(0, cc.code(), "gcc (and libc6-dev for the static libc) build " + tool + ": " + cc.all());
        Files.writeString(context.resolve("Dockerfile"), "FROM " + base + "\nCOPY " + tool + " /bin/" + tool + "\n");
        return context;
    }

    /** A root file system tar with static busybox, its applet links and the usual folders. */
    public static Path busyboxTar() throws Exception {
        if (!Files.isExecutable(BUSYBOX_BINARY)) {
            throw new IllegalStateException(BUSYBOX_BINARY + " is missing: install Debian's busybox-static (./run-tests does)");
        }
        Path root = Files.createTempDirectory("berth-busybox");
        Path bin = Files.createDirectories(root.resolve("bin"));
        Files.copy(BUSYBOX_BINARY, bin.resolve("busybox"));
        Result list = BerthCli.exec(List.of(BUSYBOX_BINARY.toString(), "--list"), null, Duration.ofSeconds(10), Map.of());
        for (String applet : list.out().lines().map(String::strip).filter(s -> !s.isEmpty() && !s.equals("busybox")).toList()) {
            Files.createSymbolicLink(bin.resolve(applet), Path.of("busybox"));
        }
        for (String dir : List.of("etc", "tmp", "proc", "sys", "dev", "root", "var/www")) Files.createDirectories(root.resolve(dir));
        Files.writeString(root.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n");
        Files.writeString(root.resolve("etc/group"), "root:x:0:\nnogroup:x:65534:\n");
        Files.writeString(root.resolve("var/www/index.html"), "hello from berth\n");
        Path tar = root.resolveSibling(root.getFileName() + ".tar");
        Result made = BerthCli.exec(List.of("tar", "-C", root.toString(), "--owner=0", "--group=0", "-cf", tar.toString(), "."),
                null, Duration.ofMinutes(1), Map.of());
        assertEquals(0, made.code(), made.all());
        return tar;
    }
}
