package dev.berth.cli.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code berth extension install|update FILE|IMAGE}: names a bundle's file absolutely (the daemon has another working
 * folder) and asks for confirmation, because an extension runs with Berth's rights, before the daemon installs it.
 */
final class ExtensionInstall {
    static final String WARNING = """
            Extensions run inside Berth with Berth's rights: they can read your files, run programs and use the
            Docker Engine as you. Install only extensions you trust.""";

    private ExtensionInstall() {
    }

    /**
     * The words to send to the daemon, or null when the user said no (or could not be asked).
     *
     * @param rest   the words after {@code extension}
     * @param answer reads the user's answer, or null when there is no terminal to ask on
     */
    static List<String> words(List<String> rest, BufferedReader answer, PrintStream out, PrintStream err) throws IOException {
        List<String> words = new ArrayList<>(List.of("berth:extension"));
        if (rest.isEmpty() || !List.of("install", "update").contains(rest.getFirst())) {
            words.addAll(rest);
            return words;
        }
        String action = rest.getFirst();
        List<String> args = new ArrayList<>(rest.subList(1, rest.size()));
        boolean yes = args.remove("--yes") | args.remove("-y");
        if (args.size() != 1) throw new IOException("usage: berth extension " + action + " FILE.jar|IMAGE [--yes]");
        String what = args.getFirst();
        Path file = Path.of(what).toAbsolutePath().normalize();
        boolean isFile = Files.isRegularFile(file);
        // a word that names no file is an extension image, such as example/my-extension:1.0
        if (!isFile && (what.endsWith(".jar") || what.startsWith("/") || what.startsWith("."))) {
            throw new IOException("there is no file " + file);
        }
        String jar = isFile ? file.toString() : what;
        if (!yes) {
            err.println(WARNING);
            if (answer == null) {
                err.println("Not installed: there is no terminal to confirm on; add --yes to " + action + " " + jar);
                return null;
            }
            out.print((action.equals("install") ? "Install " : "Update to ") + (isFile ? "" : "the extension image ") + jar + "? [y/N] ");
            out.flush();
            String line = answer.readLine();
            if (line == null || !List.of("y", "yes").contains(line.strip().toLowerCase(Locale.ROOT))) {
                err.println("Not installed.");
                return null;
            }
        }
        words.addAll(List.of(action, jar, "--yes"));
        return words;
    }
}
