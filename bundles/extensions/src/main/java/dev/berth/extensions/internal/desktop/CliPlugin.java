package dev.berth.extensions.internal.desktop;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;

/**
 * {@code docker extension}: the docker CLI plugin Berth puts beside Compose and buildx in its home's
 * {@code cli-plugins}, which runs Berth's client for {@code install}, {@code ls}, {@code update}, {@code rm} and
 * {@code validate}, as Docker Desktop's plugin of that name does for its extensions.
 */
final class CliPlugin {
    /** The plugin's file name, which the docker CLI turns into the command {@code docker extension}. */
    static final String NAME = "docker-extension";

    private CliPlugin() {
    }

    /**
     * The plugin: a shell script that answers the CLI's metadata question and otherwise runs Berth's client jar with
     * the daemon's own Java, so it needs neither the {@code berth} launcher on the PATH nor a checkout.
     *
     * @param java the Java launcher
     * @param lib  the folder holding {@code berth-cli.jar} (the daemon's {@code berth.lib})
     * @param home Berth's home, which the client talks to
     */
    static String script(Path java, Path lib, Path home) {
        return """
                #!/bin/sh
                # docker extension, for the Docker Desktop-format extensions Berth runs: written by Berth at each start.
                if [ "${1:-}" = docker-cli-plugin-metadata ]; then
                  echo '{"SchemaVersion":"0.1.0","Vendor":"Berth","Version":"1","ShortDescription":"Manages Docker extensions in Berth"}'
                  exit 0
                fi
                [ "${1:-}" = extension ] && shift
                action=${1:-help}
                [ $# -gt 0 ] && shift
                case "$action" in
                  ls|list) action=ls ;;
                  rm|remove|uninstall) action=rm ;;
                  install|update|validate) ;;
                  help|-h|--help)
                    echo "Usage: docker extension install|update IMAGE [-f] | ls | rm IMAGE | validate IMAGE"
                    echo "Runs: berth extension ... (-f, --force: install without asking)"
                    exit 0 ;;
                  *) echo "docker extension $action is not supported by Berth; use install, update, ls, rm or validate" >&2
                     exit 1 ;;
                esac
                # -f and --force are berth's --yes; the other words pass unchanged
                n=$#
                while [ "$n" -gt 0 ]; do
                  a=$1; shift; n=$((n - 1))
                  case "$a" in -f|--force) set -- "$@" --yes ;; *) set -- "$@" "$a" ;; esac
                done
                BERTH_HOME=%s exec %s -Dberth.lib=%s -jar %s extension "$action" "$@"
                """.formatted(quote(home.toString()), quote(java.toString()), quote(lib.toString()),
                quote(lib.resolve("berth-cli.jar").toString()));
    }

    /** A word for the shell, in single quotes. */
    static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    /** Writes the plugin into {@code folder} unless it is there with this content; gives whether it wrote it. */
    static boolean install(Path folder, String script) throws IOException {
        Path file = folder.resolve(NAME);
        byte[] bytes = script.getBytes(StandardCharsets.UTF_8);
        if (Files.isRegularFile(file) && Files.isExecutable(file) && Arrays.equals(Files.readAllBytes(file), bytes)) return false;
        Files.createDirectories(folder);
        // written aside and renamed, so that a docker command running now never finds half a script
        Path part = folder.resolve("." + NAME + ".part");
        Files.write(part, bytes);
        Files.setPosixFilePermissions(part, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.move(part, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return true;
    }
}
