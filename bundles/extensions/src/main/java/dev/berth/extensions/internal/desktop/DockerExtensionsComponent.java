package dev.berth.extensions.internal.desktop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.api.daemon.BerthHome;
import dev.berth.api.daemon.Daemon;
import dev.berth.api.engine.EngineEndpoint;
import dev.berth.api.extension.DockerExtension;
import dev.berth.api.extension.DockerExtensions;
import dev.berth.api.network.GuestSockets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;

/**
 * The Docker Desktop-format extensions, kept in {@code $BERTH_HOME/extensions/docker/<id>}: installed from an image
 * through Berth's own Docker Engine, with their VM service run in the VM and its socket carried to the host.
 */
@Component(service = DockerExtensions.class)
public final class DockerExtensionsComponent implements DockerExtensions {
    private final Store store;
    private final BerthHome home;
    private final Logger log;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile EngineEndpoint engine;
    private volatile GuestSockets sockets;

    /**
     * Finds the folder next to the extension bundles, which FileInstall leaves alone (it takes only jars), and puts
     * the {@code docker extension} CLI plugin into the home's plugin folder when the daemon knows its client jar.
     */
    @Activate
    public DockerExtensionsComponent(BundleContext context, @Reference Daemon daemon,
                                     @Reference(service = LoggerFactory.class) Logger log) {
        String dir = context.getProperty("felix.fileinstall.dir");
        Path extensions = dir == null ? daemon.home().resolve("extensions") : Path.of(dir);
        this.store = new Store(extensions.toAbsolutePath().normalize().resolve("docker"));
        this.home = new BerthHome(daemon.home());
        this.log = log;
        String lib = context.getProperty("berth.lib");
        if (lib != null && Files.isRegularFile(Path.of(lib, "berth-cli.jar"))) {
            try {
                CliPlugin.install(home.cliPlugins(), CliPlugin.script(
                        Path.of(System.getProperty("java.home"), "bin", "java"), Path.of(lib).toAbsolutePath(), daemon.home()));
            } catch (IOException e) {
                log.warn("the docker extension CLI plugin cannot be written: {}", e.toString());
            }
        }
    }

    /** Carries the installed extensions' sockets to the host again, as after a restart of the daemon. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "unbindSockets")
    void bindSockets(GuestSockets s) {
        sockets = s;
        for (DockerExtension e : store.list()) {
            String guest = store.record(e.id()).map(r -> r.path("guestSocket").asText("")).orElse("");
            if (guest.isEmpty()) continue;
            try {
                VmService.reach(s, guest);
            } catch (IOException | RuntimeException ex) {
                log.warn("the backend socket of the extension {} cannot be reached from the host: {}", e.id(), ex.toString());
            }
        }
    }

    void unbindSockets(GuestSockets s) {
        if (sockets == s) sockets = null;
    }

    private EngineEndpoint endpoint() throws IOException {
        EngineEndpoint e = engine;
        if (e == null) throw new IOException("the Docker Engine does not run; start it with: berth start");
        return e;
    }

    private Engine engine() throws IOException {
        return new Engine(endpoint().socket());
    }

    /** The Compose plugin Berth ships, against Berth's engine, for the extensions whose service is a compose file. */
    private Compose compose() throws IOException {
        return new Compose(home.cliPlugins().resolve("docker-compose"), endpoint().socket());
    }

    @Override
    public List<String> validate(String image) throws IOException {
        return new ImageFiles(engine()).read(Engine.checkImage(image)).problems();
    }

    @Override
    public synchronized DockerExtension install(String image) throws IOException {
        Engine engine = engine();
        ImageFiles files = new ImageFiles(engine);
        ImageFiles.Read read = files.read(Engine.checkImage(image));
        if (!read.problems().isEmpty()) {
            throw new IllegalArgumentException(image + " is no valid extension:\n  " + String.join("\n  ", read.problems()));
        }
        Metadata m = Metadata.of(read.metadata());
        String id = Store.id(image);
        Path dir = store.folder().resolve(id);
        Path part = store.folder().resolve("." + id + ".part");
        Files.createDirectories(store.folder(), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Store.delete(part);
        Files.createDirectories(part);
        files.copy(image, m, part);
        Files.write(part.resolve("metadata.json"), Engine.JSON.writeValueAsBytes(read.metadata()));
        ObjectNode record = Engine.JSON.createObjectNode().put("id", id).put("image", image)
                .put("title", read.labels().get("org.opencontainers.image.title"))
                .put("apiVersion", read.labels().get(Rules.API_VERSION))
                .put("tabTitle", m.tab().map(Metadata.Tab::title).orElse(""))
                .put("tabPage", m.tab().map(Metadata.Tab::src).orElse(""))
                .put("icon", Path.of(m.icon()).getFileName().toString());
        String reason = "";
        if (m.vm().isPresent()) {
            try {
                String guest = VmService.start(engine, compose(), id, image, m.vm().get(), part);
                record.put("guestSocket", guest);
                if (!guest.isEmpty()) record.put("backend", VmService.reach(sockets, guest));
            } catch (IOException | IllegalArgumentException e) {
                reason = "its VM service does not run: " + e.getMessage();
                log.warn("the extension {}: {}", id, reason);
            }
        }
        record.put("reason", reason);
        Store.write(part, record);
        Path old = store.folder().resolve("." + id + ".old");
        Store.delete(old);
        if (Files.exists(dir)) Files.move(dir, old, StandardCopyOption.ATOMIC_MOVE);
        // one rename, so the dashboard never serves half an extension
        Files.move(part, dir, StandardCopyOption.ATOMIC_MOVE);
        Store.delete(old);
        return Store.of(dir, record);
    }

    @Override
    public synchronized DockerExtension update(String image) throws IOException {
        String id = Store.id(Engine.checkImage(image));
        if (store.record(id).isEmpty()) {
            throw new IllegalArgumentException("no extension of " + image + " is installed (its id would be " + id
                    + "); install it with: berth extension install " + image);
        }
        return install(image);
    }

    @Override
    public List<DockerExtension> list() {
        return store.list();
    }

    @Override
    public Optional<DockerExtension> find(String idOrImage) {
        // docker extension rm names the image's repository, without a tag
        String repository = idOrImage.contains("/") && idOrImage.matches("[A-Za-z0-9][A-Za-z0-9._/:@-]*") ? Store.id(idOrImage) : "";
        return store.list().stream().filter(e -> e.id().equals(idOrImage) || e.image().equals(idOrImage)
                || e.id().equals(repository)).findFirst();
    }

    @Override
    public synchronized boolean remove(String idOrImage) throws IOException {
        Optional<DockerExtension> found = find(idOrImage);
        if (found.isEmpty()) return false;
        String id = found.get().id();
        Optional<Metadata.Vm> vm = Metadata.of(readMetadata(found.get().folder())).vm();
        if (vm.isPresent()) VmService.stop(engine(), compose(), id, found.get().folder(), vm.get());
        Store.delete(found.get().folder());
        return true;
    }

    private static JsonNode readMetadata(Path dir) {
        try {
            return Engine.JSON.readTree(dir.resolve("metadata.json").toFile());
        } catch (IOException e) {
            return Engine.JSON.createObjectNode();
        }
    }
}
