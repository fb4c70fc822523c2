package dev.berth.cli.internal;

import dev.berth.cli.internal.Doctor.Finding;
import dev.berth.cli.internal.Doctor.Level;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** What the client knows of the docker CLI and plugins that the daemon put in Berth's home ({@code bin/tools.tsv}). */
final class ToolsCheck {
    private ToolsCheck() {
    }

    /** One finding per tool, and one about the PATH. */
    static List<Finding> findings(Path home, String path) {
        Path record = home.resolve("bin").resolve("tools.tsv");
        List<Finding> all = new ArrayList<>();
        List<String> lines;
        try {
            lines = Files.readAllLines(record);
        } catch (IOException e) {
            all.add(new Finding(Level.WARN, "the docker CLI, Compose and buildx are not in " + home.resolve("bin")
                    + " yet", "berth start puts them in place"));
            return all;
        }
        for (String line : lines) {
            String[] tool = line.split("\t");
            if (tool.length != 4 || !tool[0].equals("tool")) continue;
            Path file = Path.of(tool[3]);
            String what = tool[1] + " " + tool[2] + " at " + file;
            all.add(Files.isExecutable(file) ? new Finding(Level.OK, what, "")
                    : new Finding(Level.WARN, what + " is missing", "berth start puts it back"));
        }
        String hint = pathHint(home, path);
        all.add(hint.isEmpty() ? new Finding(Level.OK, home.resolve("bin") + " is on your PATH", "")
                : new Finding(Level.WARN, home.resolve("bin") + " is not on your PATH", hint));
        return all;
    }

    /** How to put Berth's {@code bin} on the PATH, or empty when it is there (or nothing is installed yet). */
    static String pathHint(Path home, String path) {
        Path bin = home.resolve("bin");
        if (!Files.isExecutable(bin.resolve("docker"))) return "";
        for (String folder : (path == null ? "" : path).split(File.pathSeparator)) {
            if (!folder.isEmpty() && Path.of(folder).toAbsolutePath().normalize().equals(bin)) return "";
        }
        return "add it to your PATH, for example in ~/.profile: export PATH=\"" + bin + ":$PATH\" (or have Berth link "
                + "the tools into a folder on your PATH: berth settings tools.linkInto ~/.local/bin)";
    }
}
