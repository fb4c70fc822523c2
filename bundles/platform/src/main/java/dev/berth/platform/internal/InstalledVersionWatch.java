package dev.berth.platform.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.osgi.service.log.Logger;

/**
 * Calls back once with the version named in the package's install stamp when it differs from the running one; a
 * reinstall of the same version, or the stamp's removal with the package, calls nothing.
 */
final class InstalledVersionWatch implements AutoCloseable {
    private final Path stamp;
    private final String running;
    private final Consumer<String> onOther;
    private final Logger log;
    private final FileWatcher watcher;
    private boolean called;

    private InstalledVersionWatch(Path stamp, String running, Consumer<String> onOther, Logger log) throws IOException {
        this.stamp = stamp;
        this.running = running;
        this.onOther = onOther;
        this.log = log;
        this.watcher = new FileWatcher(stamp, this::check, "berth-package-watch", log);
    }

    /**
     * Watches {@code stamp}; without its folder (a package too old to write it) nothing is watched.
     *
     * @return the watch, or null when there is nothing to watch
     */
    static InstalledVersionWatch start(Path stamp, String running, Consumer<String> onOther, Logger log) throws IOException {
        if (!Files.isDirectory(stamp.getParent())) {
            log.info("no {}: installs of other versions are not followed", stamp.getParent());
            return null;
        }
        // changes only: a daemon started while an install is under way would otherwise take the older stamp for news
        return new InstalledVersionWatch(stamp, running, onOther, log);
    }

    private synchronized void check() {
        String installed;
        try {
            installed = Files.readString(stamp).strip();
        } catch (NoSuchFileException e) {
            return;
        } catch (IOException e) {
            log.warn("cannot read {}: {}", stamp, e.toString());
            return;
        }
        if (called || installed.isEmpty() || installed.equals(running)) return;
        called = true;
        onOther.accept(installed);
    }

    @Override
    public void close() {
        watcher.close();
    }
}
