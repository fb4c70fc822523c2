package dev.berth.image.internal;

import dev.berth.api.image.ArchiveEntry;
import dev.berth.api.image.DebianPackages;
import dev.berth.api.image.GuestImageBuilder;
import dev.berth.api.image.ImageRequest;
import dev.berth.api.vm.ImageArtifacts;
import dev.berth.api.vm.ProgressListener;
import dev.berth.image.internal.build.CpioWriter;
import dev.berth.image.internal.build.Ext4Image;
import dev.berth.image.internal.build.ImageBuilder;
import dev.berth.image.internal.spec.SpecAssembly;
import dev.berth.image.internal.spec.SpecSource;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.osgi.service.component.annotations.Component;

/**
 * The guest image builder as a service: each request names its spec, contributions and folders, so the builder keeps
 * no state but the built-in spec, read once.
 */
@Component(service = GuestImageBuilder.class)
public final class ImageBuilderComponent implements GuestImageBuilder {
    /** The built-in spec, parsed once: a bundle's resources do not change while it runs. */
    private volatile SpecSource bundled;

    /**
     * A builder that has read nothing yet; the public constructor also lets a program outside a framework (the
     * package build's host tools) find it with {@link java.util.ServiceLoader}.
     */
    public ImageBuilderComponent() {
    }

    /** The spec of a request: a spec file is read every time, as it may have been edited; the built-in one once. */
    SpecSource source(Optional<Path> spec) throws IOException {
        if (spec.isPresent()) return SpecSource.file(spec.get());
        SpecSource b = bundled;
        if (b == null) bundled = b = SpecSource.bundled();
        return b;
    }

    private SpecSource assembled(ImageRequest request) throws IOException {
        return SpecAssembly.merge(source(request.spec()), request.contributions());
    }

    @Override
    public Optional<ImageArtifacts> cached(ImageRequest request) throws IOException {
        return new ImageBuilder(request.images(), request.aptStates()).cached(assembled(request));
    }

    @Override
    public ImageArtifacts build(ImageRequest request, ProgressListener progress, Consumer<String> warn)
            throws IOException {
        return new ImageBuilder(request.images(), request.aptStates()).build(assembled(request), progress, warn);
    }

    @Override
    public void writeArchive(List<ArchiveEntry> entries, Path target) throws IOException {
        List<CpioWriter.Entry> members = entries.stream().<CpioWriter.Entry>map(e -> e.isFolder()
                ? new CpioWriter.Directory(e.path(), e.mode())
                : new CpioWriter.BytesFile(e.path(), e.mode(), e.content())).toList();
        new CpioWriter(0).write(members, target, false);
    }

    @Override
    public void createDisk(Path image, long sizeBytes, String label) throws IOException {
        Ext4Image.createEmpty(image, sizeBytes, label);
    }

    @Override
    public DebianPackages packages(Optional<Path> spec, Path aptStates, Consumer<String> warn) throws IOException {
        return new SuitePackages(ImageBuilder.repository(source(spec).spec().debian(), aptStates, warn));
    }
}
