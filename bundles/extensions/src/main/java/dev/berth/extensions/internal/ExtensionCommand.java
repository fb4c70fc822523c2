package dev.berth.extensions.internal;

import dev.berth.api.extension.DockerExtension;
import dev.berth.api.extension.DockerExtensions;
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
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * The {@code berth:extension} command: {@code ls}, {@code install FILE|IMAGE --yes}, {@code update FILE|IMAGE --yes},
 * {@code validate IMAGE} and {@code rm NAME}, for extension bundles and Docker Desktop-format extension images alike.
 */
@Component(service = ExtensionCommand.class, property = {"osgi.command.scope=berth", "osgi.command.function=extension"})
public final class ExtensionCommand {
    /** What installing means, said before anything is installed. */
    static final String WARNING = "Extensions run inside Berth with Berth's rights: they can read your files, run"
            + " programs and use the Docker Engine as you. Install only extensions you trust.";
    private static final long WAIT_MILLIS = 15_000;
    private final Extensions extensions;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile DockerExtensions docker;

    /** Uses the installed extensions. */
    @Activate
    public ExtensionCommand(@Reference Extensions extensions) {
        this.extensions = extensions;
    }

    /** Lists the extensions. */
    @Descriptor("list the installed extensions with their state, why one failed, and where each came from")
    public String extension() {
        List<Extension> bundles = extensions.list();
        String images = docker == null ? "" : ExtensionTable.docker(docker.list());
        if (bundles.isEmpty() && !images.isEmpty()) return images;
        String table = ExtensionTable.format(bundles, extensions.folder().toString());
        return images.isEmpty() ? table : table + "\n\n" + images;
    }

    /** Runs one of ls, install and rm. */
    @Descriptor("ls | install FILE.jar|IMAGE --yes | update FILE.jar|IMAGE --yes | validate IMAGE | rm NAME")
    public String extension(@Descriptor("ls, install or rm, and their arguments") String... words) throws IOException {
        List<String> args = new ArrayList<>(List.of(words));
        boolean yes = args.remove("--yes") | args.remove("-y");
        String action = args.isEmpty() ? "ls" : args.removeFirst();
        return switch (action) {
            case "ls", "list" -> extension();
            case "install", "add" -> install(args, yes);
            case "update", "upgrade" -> update(args, yes);
            case "validate" -> validate(args);
            case "rm", "remove", "uninstall" -> remove(args);
            default -> throw new IllegalArgumentException("unknown action " + action
                    + "; use ls, install FILE.jar|IMAGE, update FILE.jar|IMAGE, validate IMAGE or rm NAME");
        };
    }

    private String install(List<String> args, boolean yes) throws IOException {
        if (args.size() != 1) throw new IllegalArgumentException("usage: berth extension install FILE.jar|IMAGE [--yes]");
        if (!yes) throw new IllegalArgumentException(WARNING + " Add --yes to install it.");
        if (!isFile(args.getFirst())) return installImage(args.getFirst());
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

    /**
     * Installs a newer version of an installed extension: an image of the same repository (its backend is replaced,
     * other containers keep running), or a bundle's jar, which replaces the jar of the same symbolic name.
     */
    private String update(List<String> args, boolean yes) throws IOException {
        if (args.size() != 1) throw new IllegalArgumentException("usage: berth extension update FILE.jar|IMAGE [--yes]");
        if (!yes) throw new IllegalArgumentException(WARNING + " Add --yes to update it.");
        if (isFile(args.getFirst())) return install(args, true);
        DockerExtension e = docker().update(args.getFirst());
        if (!e.reason().isEmpty()) throw new IllegalStateException(e.id() + " updated to " + e.image() + ", but " + e.reason());
        return e.id() + " updated to " + e.image();
    }

    /** A bundle is named by its file's absolute path (the client makes it so); anything else is an image. */
    static boolean isFile(String word) {
        return word.startsWith("/") || word.endsWith(".jar");
    }

    private DockerExtensions docker() {
        DockerExtensions d = docker;
        if (d == null) throw new IllegalStateException("Docker Desktop-format extensions are not available now");
        return d;
    }

    private String installImage(String image) throws IOException {
        DockerExtension e = docker().install(image);
        String line = e.id() + " (" + e.image() + ") installed into " + e.folder();
        if (!e.reason().isEmpty()) throw new IllegalStateException(line + ", but " + e.reason());
        return line + (e.tabTitle().isEmpty() ? "" : "; its dashboard tab: " + e.tabTitle())
                + (e.backend().isEmpty() ? "" : "; its backend socket: " + e.backend());
    }

    private String validate(List<String> args) throws IOException {
        if (args.size() != 1) throw new IllegalArgumentException("usage: berth extension validate IMAGE");
        List<String> problems = docker().validate(args.getFirst());
        if (problems.isEmpty()) return "The extension image \"" + args.getFirst() + "\" is valid";
        throw new IllegalArgumentException("The extension image \"" + args.getFirst() + "\" is not valid:\n  "
                + String.join("\n  ", problems));
    }

    private String remove(List<String> args) throws IOException {
        if (args.size() != 1) throw new IllegalArgumentException("usage: berth extension rm NAME");
        DockerExtensions d = docker;
        if (d != null && d.find(args.getFirst()).isPresent() && d.remove(args.getFirst())) return args.getFirst() + " removed";
        if (!extensions.remove(args.getFirst())) {
            throw new IllegalArgumentException("no extension named " + args.getFirst() + " (see: berth extension ls)");
        }
        return args.getFirst() + " removed";
    }
}
