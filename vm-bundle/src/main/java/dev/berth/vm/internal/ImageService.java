package dev.berth.vm.internal;

import dev.berth.api.daemon.Daemon;
import dev.berth.api.image.DebianPackages;
import dev.berth.api.image.GuestImageBuilder;
import dev.berth.api.image.ImageRequest;
import dev.berth.api.vm.GuestImage;
import dev.berth.api.vm.ImageArtifacts;
import dev.berth.api.vm.ProgressListener;
import dev.berth.vm.internal.guest.GuestContributions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The guest image of the configured spec (the built-in one unless {@code vm.spec} names a file) and of what bundles
 * contribute to the guest, built on demand by the image bundle's {@link GuestImageBuilder}.
 */
@Component(service = {GuestImage.class, ImageService.class}, configurationPid = "berth.vm")
@Designate(ocd = VmConfig.class)
public final class ImageService implements GuestImage {
    /** The built-in spec's file name, as the builder names it in its messages. */
    private static final String BUILT_IN_SPEC = "berth-guest.yaml";
    private final GuestImageBuilder builder;
    private final VmFiles files;
    private final Logger log;
    private final GuestContributions contributions;
    private final List<String> warnings = new CopyOnWriteArrayList<>();
    private volatile String specPath;

    /** Keeps images under the home folder. */
    @Activate
    public ImageService(@Reference Daemon daemon, @Reference(service = LoggerFactory.class) Logger log, VmConfig config,
                        @Reference GuestContributions contributions, @Reference GuestImageBuilder builder) {
        this.files = new VmFiles(daemon.home());
        this.builder = builder;
        this.log = log;
        this.contributions = contributions;
        this.specPath = config.spec();
    }

    /** Takes a new spec path without rebuilding anything yet. */
    @Modified
    void modified(VmConfig config) {
        specPath = config.spec();
    }

    /** The spec file in force, or empty for the built-in spec. */
    private Optional<Path> spec() {
        String path = specPath;
        return path == null || path.isBlank() ? Optional.empty() : Optional.of(Path.of(path));
    }

    /** The spec in force with every guest contribution registered now, and this home's folders. */
    private ImageRequest request() {
        return new ImageRequest(spec(), contributions.current(), files.images(), files.aptStates());
    }

    /** The builder, which also writes the per-boot archive and the data disk. */
    GuestImageBuilder builder() {
        return builder;
    }

    /** The Debian suite of the spec in force, from which the host's tools come too. */
    public DebianPackages packages(Consumer<String> warn) throws IOException {
        return builder.packages(spec(), files.aptStates(), warn);
    }

    @Override
    public synchronized ImageArtifacts ensureBuilt(ProgressListener progress) throws IOException {
        ImageRequest request = request();
        Optional<ImageArtifacts> cached = builder.cached(request);
        if (cached.isPresent()) {
            contributions.assembled(cached.get().hash());
            return cached.get();
        }
        warnings.clear();
        log.info("building guest image from {} and the guest contributions of {}",
                request.spec().map(p -> p.getFileName().toString()).orElse(BUILT_IN_SPEC),
                request.contributions().stream().map(c -> c.owner()).sorted().distinct().toList());
        ImageArtifacts built = builder.build(request, progress, w -> {
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
            return builder.cached(request());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** What the last build wanted the user to know. */
    List<String> warnings() {
        return List.copyOf(warnings);
    }
}
