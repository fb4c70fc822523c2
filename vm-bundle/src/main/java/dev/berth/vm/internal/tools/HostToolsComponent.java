package dev.berth.vm.internal.tools;

import dev.berth.api.daemon.BerthHome;
import dev.berth.api.daemon.Daemon;
import dev.berth.api.image.DebianPackages;
import dev.berth.api.status.State;
import dev.berth.api.status.StatusProvider;
import dev.berth.api.status.SubsystemStatus;
import dev.berth.api.tools.HostTool;
import dev.berth.api.tools.HostToolset;
import dev.berth.vm.internal.ImageService;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import org.osgi.service.metatype.annotations.Designate;

/**
 * Puts the docker CLI, Compose, buildx and the credential helpers into Berth's home when the daemon starts (links to
 * an installed package's own, else downloaded from the guest's Debian suite), and shows them as status {@code tools}.
 */
@Component(service = {HostToolset.class, StatusProvider.class}, immediate = true, configurationPid = "berth.tools")
@Designate(ocd = ToolsConfig.class)
public final class HostToolsComponent implements HostToolset, StatusProvider {
    /**
     * Framework property that, set to {@code false}, keeps the tools from being downloaded (for runtimes that test
     * the bundles without a network); a package's tools are still linked.
     */
    static final String FETCH = "berth.tools.fetch";
    private final BerthHome home;
    private final Logger log;
    private final CompletableFuture<List<HostTool>> installed = new CompletableFuture<>();
    private volatile Instant since = Instant.now();
    private volatile String linkInto;
    private volatile List<String> linkProblems = List.of();
    private volatile boolean disabled;
    private final Thread installer;

    /**
     * Starts putting the tools in place in the background: linking those of the installed package beside
     * {@code berth.lib}, else downloading them, unless the framework property {@value #FETCH} is {@code false}.
     */
    @Activate
    public HostToolsComponent(@Reference Daemon daemon, @Reference ImageService images,
                              @Reference(service = LoggerFactory.class) Logger log, ToolsConfig config,
                              BundleContext context) {
        this.home = new BerthHome(daemon.home());
        this.log = log;
        this.linkInto = config.linkInto();
        Optional<PackagedTools> packaged = PackagedTools.beside(context.getProperty("berth.lib"));
        boolean fetch = !"false".equalsIgnoreCase(context.getProperty(FETCH));
        this.installer = Thread.ofVirtual().name("host-tools").start(() -> {
            try {
                List<HostTool> tools;
                if (packaged.isPresent()) {
                    tools = packaged.get().link(home);
                } else if (fetch) {
                    DebianPackages apt = images.packages(log::warn);
                    tools = new ToolInstaller(home, log::warn).install(ToolInstaller.bundledLock(apt), apt);
                } else {
                    disabled = true;
                    throw new IOException("fetching them is switched off (" + FETCH + "=false) and no package brings "
                            + "them");
                }
                since = Instant.now();
                installed.complete(tools);
                log.info("host tools in place{}: {}", packaged.map(p -> " from " + p.root()).orElse(""),
                        tools.stream().map(t -> t.name() + " " + t.version()).toList());
                link();
            } catch (IOException | RuntimeException e) {
                if (installed.isDone()) return;
                since = Instant.now();
                installed.completeExceptionally(e);
                if (disabled) {
                    log.info("the docker CLI and its plugins are not put in place: {}", e.getMessage());
                } else {
                    log.error("cannot put the docker CLI and its plugins in place: {}", e.getMessage());
                }
            }
        });
    }

    /** Stops an installation still under way, as the bundle's classes go with it. */
    @Deactivate
    void deactivate() {
        installer.interrupt();
        installed.completeExceptionally(new IOException("Berth is stopping"));
    }

    /** Links the tools into the newly configured folder. */
    @Modified
    void modified(ToolsConfig config) {
        linkInto = config.linkInto();
        if (installed.isDone() && !installed.isCompletedExceptionally()) link();
    }

    @Override
    public CompletionStage<List<HostTool>> installed() {
        return installed.copy();
    }

    @Override
    public SubsystemStatus status() {
        if (!installed.isDone()) {
            return new SubsystemStatus("tools", State.STARTING, "putting docker, compose and buildx in " + home.bin(),
                    Map.of(), since);
        }
        if (installed.isCompletedExceptionally()) {
            if (disabled) {
                return new SubsystemStatus("tools", State.DISABLED, "the docker CLI and its plugins are not in place: "
                        + installed.exceptionNow().getMessage(), Map.of(), since);
            }
            String why = installed.exceptionNow().getMessage();
            return new SubsystemStatus("tools", State.FAILED, "the docker CLI and its plugins are not in place: " + why,
                    Map.of(), since);
        }
        Map<String, String> facts = new LinkedHashMap<>();
        for (HostTool tool : installed.resultNow()) facts.put(tool.name(), tool.version() + " " + tool.path());
        String detail = linkProblems.isEmpty() ? "" : String.join("; ", linkProblems);
        return new SubsystemStatus("tools", State.RUNNING, detail, facts, since);
    }

    private void link() {
        String folder = linkInto;
        if (folder == null || folder.isBlank()) return;
        try {
            linkProblems = PathLinks.link(Path.of(folder.replaceFirst("^~(?=/|$)", System.getProperty("user.home"))),
                    home.bin(), installed.resultNow());
            linkProblems.forEach(log::warn);
        } catch (IOException e) {
            linkProblems = List.of("cannot link the tools into " + folder + ": " + e.getMessage());
            log.warn(linkProblems.getFirst());
        }
    }
}
