package dev.berth.platform.internal;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.concurrent.TimeUnit;
import org.osgi.service.log.Logger;

/** Calls back when one file is created, changed or removed, coalescing bursts of edits. */
final class FileWatcher implements AutoCloseable {
    private static final long SETTLE_MILLIS = 150;
    private final WatchService service;
    private final Thread thread;

    /** Starts watching {@code file}'s folder for events about {@code file}. */
    FileWatcher(Path file, Runnable onChange, String threadName, Logger log) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        this.service = FileSystems.getDefault().newWatchService();
        dir.register(service, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                StandardWatchEventKinds.ENTRY_DELETE);
        Path name = file.getFileName();
        this.thread = Thread.ofPlatform().daemon().name(threadName).start(() -> {
            try {
                while (true) {
                    WatchKey key = service.take();
                    boolean ours = key.pollEvents().stream().anyMatch(e -> name.equals(e.context()));
                    key.reset();
                    if (!ours) continue;
                    WatchKey more;
                    while ((more = service.poll(SETTLE_MILLIS, TimeUnit.MILLISECONDS)) != null) {
                        more.pollEvents();
                        more.reset();
                    }
                    try {
                        onChange.run();
                    } catch (RuntimeException e) {
                        log.error("applying {} failed: {}", file, e.toString());
                    }
                }
            } catch (InterruptedException | ClosedWatchServiceException e) {
                // closed
            }
        });
    }

    @Override
    public void close() {
        try {
            service.close();
        } catch (IOException e) {
            // already closed
        }
        thread.interrupt();
    }
}
