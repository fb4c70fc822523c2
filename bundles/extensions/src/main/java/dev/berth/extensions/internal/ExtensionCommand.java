package dev.berth.extensions.internal;

import dev.berth.api.extension.Extension;
import dev.berth.api.extension.Extensions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** The {@code berth:extension} command: {@code ls}, {@code install FILE --yes} and {@code rm NAME}. */
@Component(service = ExtensionCommand.class, property = {"osgi.command.scope=berth", "osgi.command.function=extension"})
public final class ExtensionCommand {
    /** What installing means, said before anything is installed. */
    static final String WARNING = "Extensions run inside Berth with Berth's rights: they can read your files, run"
            + " programs and use the Docker Engine as you. Install only extensions you trust.";
    private static final long WAIT_MILLIS = 15_000;
    private final Extensions extensions;

    /** Uses the installed extensions. */
    @Activate
    public ExtensionCommand(@Reference Extensions extensions) {
        this.extensions = extensions;
    }

    /** Lists the extensions. */
    @Descriptor("list the installed extensions with their state, why one failed, and where each came from")
    public String extension() {
        return ExtensionTable.format(extensions.list(), extensions.folder().toString());
    }

    /** Runs one of ls, install and rm. */
    @Descriptor("ls | install FILE.jar --yes | rm NAME")
    public String extension(@Descriptor("ls, install or rm, and their arguments") String... words) throws IOException {
        List<String> args = new ArrayList<>(List.of(words));
        boolean yes = args.remove("--yes") | args.remove("-y");
        String action = args.isEmpty() ? "ls" : args.removeFirst();
        return switch (action) {
            case "ls", "list" -> extension();
            case "install", "add" -> install(args, yes);
            case "rm", "remove", "uninstall" -> remove(args);
            default -> throw new IllegalArgumentException("unknown action " + action + "; use ls, install FILE.jar or rm NAME");
        };
    }

    private String install(List<String> args, boolean yes) throws IOException {
        if (args.size() != 1) throw new IllegalArgumentException("usage: berth extension install FILE.jar [--yes]");
        if (!yes) throw new IllegalArgumentException(WARNING + " Add --yes to install it.");
        Optional<Extension> done = extensions.install(Path.of(args.getFirst()), WAIT_MILLIS);
        if (done.isEmpty()) {
            return "copied into " + extensions.folder() + "; it was not installed within "
                    + WAIT_MILLIS / 1000 + " s (see: berth extension ls)";
        }
        Extension e = done.get();
        String line = e.name() + " " + e.version() + " " + e.state().name().toLowerCase(Locale.ROOT);
        if (!e.reason().isEmpty()) throw new IllegalStateException(line + ": " + e.reason());
        return line + (e.tabs().isEmpty() ? "" : "; its dashboard tab: /extensions/" + e.tabs().getFirst() + "/");
    }

    private String remove(List<String> args) throws IOException {
        if (args.size() != 1) throw new IllegalArgumentException("usage: berth extension rm NAME");
        if (!extensions.remove(args.getFirst())) {
            throw new IllegalArgumentException("no extension named " + args.getFirst() + " (see: berth extension ls)");
        }
        return args.getFirst() + " removed";
    }
}
