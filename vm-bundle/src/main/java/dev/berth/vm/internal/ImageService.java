package dev.berth.vm.internal;

import dev.berth.api.daemon.Daemon;
import dev.berth.api.vm.GuestImage;
import dev.berth.api.vm.ImageArtifacts;
import dev.berth.api.vm.ProgressListener;
import dev.berth.vm.internal.image.AptRepository;
import dev.berth.vm.internal.guest.GuestAssembly;
import dev.berth.vm.internal.guest.GuestContributions;
import dev.berth.vm.internal.image.ImageBuilder;
import dev.berth.vm.internal.spec.SpecSource;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.concurrent.CopyOnWriteArrayList;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The guest image of the configured spec (the built-in one unless {@code vm.spec} names a file) and of what bundles
 * contribute to the guest, built on demand.
 */
@Component(service = {GuestImage.class, ImageService.class}, configurationPid = "berth.vm")
@Designate(ocd = VmConfig.class)
public final class ImageService implements GuestImage {
    private final ImageBuilder builder;
    private final Logger log;
    private final GuestContributions contributions;
    private final List<String> warnings = new CopyOnWriteArrayList<>();
    private volatile String specPath;
    /** The built-in spec, parsed once: a bundle's resources do not change while it runs. */
    private volatile SpecSource bundled;

    /** Keeps images under the home folder. */
    @Activate
    public ImageService(@Reference Daemon daemon, @Reference(service = LoggerFactory.class) Logger log, VmConfig config,
                        @Reference GuestContributions contributions) {
        VmFiles files = new VmFiles(daemon.home());
        this.builder = new ImageBuilder(files.images(), files.aptStates());
        this.log = log;
        this.contributions = contributions;
        this.specPath = config.spec();
    }

    /** Takes a new spec path without rebuilding anything yet. */
    @Modified
    void modified(VmConfig config) {
        specPath = config.spec();
    }

    /** The spec in force; the built-in one is read once, a spec file every time, as it may have been edited. */
    SpecSource source() throws IOException {
        String path = specPath;
        if (path != null && !path.isBlank()) return SpecSource.file(Path.of(path));
        SpecSource b = bundled;
        if (b == null) bundled = b = SpecSource.bundled();
        return b;
    }

    /** The spec in force with every guest contribution registered now. */
    SpecSource assembled() throws IOException {
        return GuestAssembly.merge(source(), contributions.current());
    }

    /** The apt state of the spec's Debian suite, from which the host's tools come too. */
    public AptRepository repository(Consumer<String> warn) throws IOException {
        return builder.repository(source().spec().debian(), warn);
    }

    @Override
    public synchronized ImageArtifacts ensureBuilt(ProgressListener progress) throws IOException {
        SpecSource source = assembled();
        Optional<ImageArtifacts> cached = builder.cached(source);
        if (cached.isPresent()) {
            contributions.assembled(cached.get().hash());
            return cached.get();
        }
        warnings.clear();
        log.info("building guest image from {} and the guest contributions of {}", source.name(),
                contributions.current().stream().map(c -> c.owner()).sorted().distinct().toList());
        ImageArtifacts built = builder.build(source, progress, w -> {
            warnings.add(w);
            log.warn(w);
        });
        log.info("guest image {} built (kernel {})", built.hash().substring(0, 12), built.kernelVersion());
        contributions.assembled(built.hash());
        return built;
    }

    @Override
    public Optional<ImageArtifacts> cached() {
        try {
            return builder.cached(assembled());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** What the last build wanted the user to know. */
    List<String> warnings() {
        return List.copyOf(warnings);
    }
}
