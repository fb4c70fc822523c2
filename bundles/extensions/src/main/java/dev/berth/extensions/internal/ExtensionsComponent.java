package dev.berth.extensions.internal;

import dev.berth.api.daemon.BerthHome;
import dev.berth.api.daemon.Daemon;
import dev.berth.api.extension.Extension;
import dev.berth.api.extension.ExtensionState;
import dev.berth.api.extension.Extensions;
import dev.berth.extensions.internal.desktop.GuestContainersComponent;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleListener;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.log.LogEntry;
import org.osgi.service.log.LogListener;
import org.osgi.service.log.LogReaderService;

/**
 * The extensions folder and the bundles Felix FileInstall installed from it: lists them with their state and why
 * they failed, and installs or removes a jar by copying it in or deleting it.
 */
@Component(service = Extensions.class, immediate = true)
public final class ExtensionsComponent implements Extensions, BundleListener, LogListener {
    /** FileInstall's framework property naming the watched folder; the daemon's command line sets it. */
    static final String DIR_PROPERTY = "felix.fileinstall.dir";
    private static final String FAILED_START = "Error while starting bundle: ";
    /** How long a removal waits for FileInstall to uninstall the bundle. */
    private static final java.time.Duration REMOVE_WAIT = java.time.Duration.ofSeconds(10);
    private final BundleContext context;
    private final Path folder;
    private final Origins origins;
    /** Why the last start of a bundle failed, by location, as FileInstall logged it. */
    private final Map<String, String> startFailures = new ConcurrentHashMap<>();
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile ServiceComponentRuntime scr;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile GuestContainersComponent guestServices;

    /** Creates the folder (private to the user, as the rest of Berth's home) and starts listening. */
    @Activate
    public ExtensionsComponent(BundleContext context, @Reference Daemon daemon) throws IOException {
        this.context = context;
        String dir = context.getProperty(DIR_PROPERTY);
        this.folder = (dir == null ? daemon.home().resolve("extensions") : Path.of(dir)).toAbsolutePath().normalize();
        if (!Files.isDirectory(folder)) {
            Files.createDirectories(folder, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        this.origins = new Origins(new BerthHome(daemon.home()).state().resolve("extensions.properties"));
        context.addBundleListener(this);
    }

    @Deactivate
    void deactivate() {
        context.removeBundleListener(this);
    }

    /** Listens to the log for FileInstall's start failures, which carry the activator's exception. */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, unbind = "unbindLog")
    void bindLog(LogReaderService reader) {
        reader.addLogListener(this);
    }

    void unbindLog(LogReaderService reader) {
        reader.removeLogListener(this);
    }

    @Override
    public void logged(LogEntry entry) {
        String message = entry.getMessage();
        if (message == null || !message.startsWith(FAILED_START) || entry.getException() == null) return;
        startFailures.put(message.substring(FAILED_START.length()).strip(), "start failed: " + Reasons.exception(entry.getException()));
    }

    @Override
    public void bundleChanged(BundleEvent event) {
        switch (event.getType()) {
            case BundleEvent.UPDATED, BundleEvent.UNINSTALLED, BundleEvent.STARTED ->
                    startFailures.remove(event.getBundle().getLocation());
            default -> { }
        }
    }

    @Override
    public Path folder() {
        return folder;
    }

    @Override
    public List<Extension> list() {
        ExtensionView view = new ExtensionView(context, scr);
        List<Extension> all = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        for (Bundle b : context.getBundles()) {
            String file = fileIn(b.getLocation());
            if (file == null) continue;
            seen.add(file);
            try {
                all.add(withGuestProblem(view.of(b, file, origins.of(file), startFailures.get(b.getLocation()))));
            } catch (IllegalStateException e) {
                // uninstalled while we looked
            }
        }
        for (Path jar : jars()) {
            String file = jar.getFileName().toString();
            if (!seen.contains(file)) all.add(notInstalled(jar));
        }
        all.sort(Comparator.comparing(Extension::file));
        return all;
    }

    /** The extension with why its guest services do not run added to its reason, the state left as it is. */
    private Extension withGuestProblem(Extension e) {
        GuestContainersComponent g = guestServices;
        String problem = g == null ? "" : g.problem(e.name());
        if (problem.isEmpty()) return e;
        String reason = e.reason().isEmpty() ? problem : e.reason() + "; " + problem;
        return new Extension(e.name(), e.version(), e.title(), e.file(), e.state(), reason, e.origin(), e.tabs());
    }

    /** A jar the framework holds no bundle for: just dropped, or refused by FileInstall. */
    private Extension notInstalled(Path jar) {
        String file = jar.getFileName().toString();
        try {
            BundleJar id = BundleJar.read(jar);
            return new Extension(id.symbolicName(), id.version(), id.symbolicName(), file, ExtensionState.STARTING,
                    "", origins.of(file), List.of());
        } catch (IOException | IllegalArgumentException e) {
            return new Extension(file, "", file, file, ExtensionState.FAILED, "not installed: " + e.getMessage(),
                    origins.of(file), List.of());
        }
    }

    @Override
    public Optional<Extension> install(Path jar, long waitMillis) throws IOException {
        return install(jar, jar.toAbsolutePath().normalize().toString(), waitMillis);
    }

    @Override
    public Optional<Extension> install(Path jar, String origin, long waitMillis) throws IOException {
        Path source = jar.toAbsolutePath().normalize();
        if (!Files.isRegularFile(source)) throw new IllegalArgumentException("there is no file " + source);
        BundleJar id = BundleJar.read(source);
        String file = list().stream().filter(e -> e.name().equals(id.symbolicName())).map(Extension::file)
                .findFirst().orElse(id.fileName());
        Path part = folder.resolve("." + file + ".part");
        Files.copy(source, part, StandardCopyOption.REPLACE_EXISTING);
        origins.record(file, origin);
        // one rename, so FileInstall never sees half a jar
        Files.move(part, folder.resolve(file), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        long end = System.nanoTime() + waitMillis * 1_000_000;
        while (true) {
            Optional<Extension> now = list().stream().filter(e -> e.file().equals(file)).findFirst()
                    .filter(e -> e.version().equals(id.version()) || e.state() == ExtensionState.FAILED);
            boolean installed = Stream.of(context.getBundles()).anyMatch(b -> file.equals(fileIn(b.getLocation())));
            if (now.isPresent() && installed && now.get().state() != ExtensionState.STARTING) return now;
            if (System.nanoTime() > end) return now.filter(e -> installed);
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return now;
            }
        }
    }

    @Override
    public boolean remove(String name) throws IOException {
        Optional<Extension> found = list().stream().filter(e -> e.name().equals(name) || e.file().equals(name)).findFirst();
        if (found.isEmpty()) return false;
        String file = found.get().file();
        Files.deleteIfExists(folder.resolve(file));
        origins.forget(file);
        // FileInstall notices the deletion at its next poll (every second)
        long end = System.nanoTime() + REMOVE_WAIT.toNanos();
        while (System.nanoTime() < end && Stream.of(context.getBundles()).anyMatch(b -> file.equals(fileIn(b.getLocation())))) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return true;
    }

    /** The jar's file name when a bundle location is a file directly in the folder, else null. */
    String fileIn(String location) {
        return fileIn(folder, location);
    }

    /** The jar's file name when a bundle location is a file directly in {@code folder}, else null. */
    static String fileIn(Path folder, String location) {
        if (location == null || !location.startsWith("file:")) return null;
        try {
            Path p = Path.of(URI.create(location)).toAbsolutePath().normalize();
            return folder.equals(p.getParent()) ? p.getFileName().toString() : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    private List<Path> jars() {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(p -> {
                String n = p.getFileName().toString();
                return n.endsWith(".jar") && !n.startsWith(".") && Files.isRegularFile(p);
            }).toList();
        } catch (IOException e) {
            return List.of();
        }
    }
}
