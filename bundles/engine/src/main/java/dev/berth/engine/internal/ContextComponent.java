package dev.berth.engine.internal;

import dev.berth.api.daemon.BerthHome;
import dev.berth.api.daemon.Daemon;
import dev.berth.api.engine.EngineEndpoint;
import dev.berth.api.tools.HostToolset;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Installs the docker CLI context {@code berth} and makes it current (unless {@code engine.switchContext} is false),
 * remembering the previous one for {@code berth:context restore}; names Berth's plugin folder and a credential
 * helper in the CLI's config.json; optionally links {@code /var/run/docker.sock}.
 */
@Component(service = ContextComponent.class, immediate = true, configurationPid = "berth.engine",
        property = {"osgi.command.scope=berth", "osgi.command.function=context"})
public final class ContextComponent {
    /** Docker CLI integration, section {@code engine}. */
    @ObjectClassDefinition(name = "Berth docker CLI integration")
    public @interface Config {
        /** Whether {@code berth start} makes the {@code berth} context current. */
        @AttributeDefinition(description = "Make the berth docker context current")
        boolean switchContext() default true;

        /** Whether to link {@code /var/run/docker.sock} to Berth's socket when nothing else is there. */
        @AttributeDefinition(description = "Link /var/run/docker.sock to Berth's socket")
        boolean linkDockerSock() default false;
    }

    static final Path SYSTEM_SOCKET = Path.of("/var/run/docker.sock");
    private final DockerContext context = DockerContext.forUser();
    private final Path previousFile;
    private final EngineEndpoint engine;
    private final Logger log;
    private final boolean linked;

    /** Writes the context and switches to it as configured. */
    @Activate
    public ContextComponent(@Reference Daemon daemon, @Reference EngineEndpoint engine, @Reference HostToolset tools,
                            @Reference(service = LoggerFactory.class) Logger log, Config config) {
        this.engine = engine;
        this.log = log;
        this.previousFile = new BerthHome(daemon.home()).state().resolve("docker-context.previous");
        try {
            context.write(engine.dockerHost());
            Path plugins = new BerthHome(daemon.home()).cliPlugins();
            Path userHome = Path.of(System.getProperty("user.home"));
            namePluginsAndHelper(tools.installed(), context, plugins, () -> CredentialStore.choose(System.getenv(), userHome))
                    .whenComplete((change, e) -> {
                        if (e != null) log.warn("cannot name Berth's plugins in the docker CLI config: {}", e.getMessage());
                        else if (!change.isEmpty()) log.info("docker CLI config: {}", change);
                    });
            synchronized (context) {
                Optional<String> current = context.current();
                if (config.switchContext() && !current.equals(Optional.of(DockerContext.NAME))) {
                    Files.writeString(previousFile, current.orElse(""));
                    context.use(Optional.of(DockerContext.NAME));
                    log.info("docker CLI context '{}' is now current (was '{}')", DockerContext.NAME, current.orElse("default"));
                }
            }
        } catch (IOException e) {
            log.warn("cannot set up the docker CLI context and plugins: {}", e.getMessage());
        }
        this.linked = config.linkDockerSock() && link();
    }

    /**
     * Names the plugin folder and the credential helper that {@code store} chooses in the CLI's config.json once
     * {@code installed} completes: the helpers Berth ships count only when they are in its {@code bin} folder, which
     * the first start fills after this component is up. A failed install still lets a helper found elsewhere count.
     *
     * @return what changed, empty when nothing did
     */
    static CompletionStage<String> namePluginsAndHelper(CompletionStage<?> installed, DockerContext context, Path plugins,
                                                        Supplier<Optional<String>> store) {
        return installed.handle((tools, failure) -> plugins).thenApply(folder -> {
            synchronized (context) {
                try {
                    Optional<String> helper = store.get();
                    return context.addPlugins(folder, helper)
                            ? "plugins from " + folder + helper.map(s -> ", credentials in " + s).orElse("") : "";
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        });
    }

    /** Removes the /var/run/docker.sock link when it is Berth's. */
    @Deactivate
    void deactivate() {
        try {
            if (linked && Files.isSymbolicLink(SYSTEM_SOCKET) && Files.readSymbolicLink(SYSTEM_SOCKET).equals(engine.socket())) {
                Files.delete(SYSTEM_SOCKET);
            }
        } catch (IOException e) {
            log.warn("cannot remove the {} link: {}", SYSTEM_SOCKET, e.getMessage());
        }
    }

    private boolean link() {
        try {
            if (Files.isSymbolicLink(SYSTEM_SOCKET) && Files.readSymbolicLink(SYSTEM_SOCKET).equals(engine.socket())) return true;
            if (Files.exists(SYSTEM_SOCKET, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                log.warn("{} already exists (another Docker engine?); not linking it to Berth", SYSTEM_SOCKET);
                return false;
            }
            Files.createSymbolicLink(SYSTEM_SOCKET, engine.socket());
            log.info("linked {} to {}", SYSTEM_SOCKET, engine.socket());
            return true;
        } catch (IOException e) {
            log.warn("cannot link {} (needs write access to {}): {}", SYSTEM_SOCKET, SYSTEM_SOCKET.getParent(), e.toString());
            return false;
        }
    }

    /** Shows the docker CLI context in use. */
    @Descriptor("show the docker CLI context and how to reach Berth's engine")
    public String context() throws IOException {
        return "context: " + context.current().orElse("default") + "\nDOCKER_HOST=" + engine.dockerHost()
                + "\nconfig: " + context.config();
    }

    /** Switches the docker CLI back to the context that was current before Berth. */
    @Descriptor("restore: switch the docker CLI back to the context it used before Berth")
    public String context(@Descriptor("restore") String action) throws IOException {
        if (!action.equals("restore")) throw new IOException("unknown action '" + action + "': use restore");
        Optional<String> previous = Files.exists(previousFile)
                ? Optional.of(Files.readString(previousFile).strip()).filter(s -> !s.isEmpty()) : Optional.empty();
        context.use(previous);
        Files.deleteIfExists(previousFile);
        return "docker CLI context is now " + previous.orElse("default");
    }
}
