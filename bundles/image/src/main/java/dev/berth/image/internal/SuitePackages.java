package dev.berth.image.internal;

import dev.berth.api.image.DebianPackages;
import dev.berth.api.image.DownloadedPackage;
import dev.berth.api.image.LockedPackage;
import dev.berth.image.internal.build.AptDownloader;
import dev.berth.image.internal.build.AptRepository;
import dev.berth.image.internal.build.DebPackage;
import dev.berth.image.internal.build.FileMetadata;
import dev.berth.image.internal.build.LockFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;

/**
 * The packages of one suite through the image builder's own apt state and {@code .deb} reader; one downloader for
 * all calls, so that the suite's lists are fetched again at most once when a version is not found.
 */
final class SuitePackages implements DebianPackages {
    private final AptDownloader apt;

    SuitePackages(AptRepository repository) {
        this.apt = new AptDownloader(repository);
    }

    @Override
    public List<LockedPackage> readLock(Path file) throws IOException {
        return LockFile.read(file).entries().stream().map(e -> new LockedPackage(e.name(), e.version(), e.sha256()))
                .toList();
    }

    @Override
    public List<DownloadedPackage> download(List<LockedPackage> lock) throws IOException {
        return downloaded(apt.download(new LockFile(lock.stream()
                .map(p -> new LockFile.Entry(p.name(), p.version(), p.sha256())).toList())));
    }

    @Override
    public List<DownloadedPackage> downloadCurrent(Collection<String> names) throws IOException {
        return downloaded(apt.downloadCandidates(names));
    }

    @Override
    public void unpack(DownloadedPackage deb, Path target) throws IOException {
        new DebPackage(deb.file()).extract(target, new FileMetadata());
    }

    private static List<DownloadedPackage> downloaded(List<AptDownloader.Downloaded> files) {
        return files.stream().map(d -> new DownloadedPackage(d.name(), d.version(), d.architecture(), d.file(),
                d.sha256())).toList();
    }
}
