package dev.berth.cli.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A daemon started from a shell without a locale (LANG unset, as after su -) still names files in UTF-8. */
class DaemonLocaleTest {
    /** Ca-certificates ships a file of this name; the guest image build must be able to write it. */
    static final String NAME = "F\u0151tan\u00fas\u00edtv\u00e1ny.crt";

    @TempDir
    Path dir;

    /** Run in the launched JVM: creates the file in the folder given and prints the JVM's file name encoding. */
    public static void main(String[] args) throws Exception {
        System.out.println(System.getProperty("sun.jnu.encoding"));
        Files.createFile(Path.of(args[0]).resolve(NAME));
    }

    @Test
    void aJvmLaunchedLikeTheDaemonWithoutALocaleCreatesFilesWithNonAsciiNames() throws Exception {
        Path classes = Path.of(DaemonLocaleTest.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        ProcessBuilder pb = new ProcessBuilder(DaemonCommand.javaBinary(), "-cp", classes.toString(),
                DaemonLocaleTest.class.getName(), dir.toString()).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(name -> name.equals("LANG") || name.equals("LANGUAGE") || name.startsWith("LC_"));
        DaemonCommand.environment(env, new CliHome(dir.resolve("home")), dir.resolve("daemon.log"));
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        assertEquals("UTF-8", out.lines().findFirst().orElse(""), out);
        assertTrue(Files.exists(dir.resolve(NAME)), out);
        assertEquals(List.of(NAME), Files.list(dir).map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".crt")).toList());
    }

    @Test
    void aUtf8LocaleIsLeftAsItIs() {
        Map<String, String> env = new java.util.HashMap<>(Map.of("LANG", "de_DE.UTF-8"));
        DaemonCommand.environment(env, new CliHome(dir), dir.resolve("daemon.log"));
        assertEquals(null, env.get("LC_ALL"));
        env = new java.util.HashMap<>(Map.of("LANG", "de_DE.UTF-8", "LC_ALL", "C"));
        DaemonCommand.environment(env, new CliHome(dir), dir.resolve("daemon.log"));
        assertEquals("C.UTF-8", env.get("LC_ALL"), "LC_ALL wins over LANG, and C is not UTF-8");
    }
}
