package dev.berth.vm.internal;

import dev.berth.api.vm.ProgressListener;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;

/** One VM start in progress: every caller that waits for it sees its progress and its outcome. */
final class StartJob implements ProgressListener {
    private final List<ProgressListener> listeners = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private volatile String[] last;

    /** Adds a listener, first telling it the latest report. */
    void listen(ProgressListener listener) {
        String[] l = last;
        if (l != null) listener.progress(l[0], Double.parseDouble(l[1]), l[2]);
        listeners.add(listener);
    }

    @Override
    public void progress(String phase, double fraction, String detail) {
        last = new String[] {phase, Double.toString(fraction), detail};
        for (ProgressListener l : listeners) {
            try {
                l.progress(phase, fraction, detail);
            } catch (RuntimeException e) {
                listeners.remove(l);
            }
        }
    }

    void succeed() {
        done.complete(null);
    }

    void fail(IOException e) {
        done.completeExceptionally(e);
    }

    /** Waits for the start to end; throws its failure. */
    void await() throws IOException {
        try {
            done.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? new IOException(io.getMessage(), io) : new IOException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the VM to start", e);
        }
    }
}
