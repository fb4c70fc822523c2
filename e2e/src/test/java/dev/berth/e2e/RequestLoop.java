package dev.berth.e2e;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** Asks one URL over and over on a thread of its own, counting the answers, the misses and the longest time without an answer. */
public final class RequestLoop implements AutoCloseable {
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final URI uri;
    private final Thread thread;
    private final AtomicLong answered = new AtomicLong();
    private final AtomicLong missed = new AtomicLong();
    private final AtomicLong longestGapNanos = new AtomicLong();
    private volatile long lastAnswer = System.nanoTime();
    private volatile boolean running = true;

    private RequestLoop(URI uri) {
        this.uri = uri;
        this.thread = Thread.ofPlatform().daemon().name("request-loop").start(this::loop);
    }

    /** Starts asking {@code uri} every 20 ms. */
    public static RequestLoop start(URI uri) {
        return new RequestLoop(uri);
    }

    private void loop() {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).build();
        while (running) {
            try {
                HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() != 200) throw new java.io.IOException("status " + r.statusCode());
                long now = System.nanoTime();
                longestGapNanos.accumulateAndGet(now - lastAnswer, Math::max);
                lastAnswer = now;
                answered.incrementAndGet();
            } catch (java.io.IOException e) {
                missed.incrementAndGet();
            } catch (InterruptedException e) {
                return;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Waits until a request started after this call has been answered. */
    public void awaitAnswer(Duration timeout) throws InterruptedException {
        long from = System.nanoTime();
        long deadline = from + timeout.toNanos();
        while (lastAnswer <= from && System.nanoTime() < deadline) Thread.sleep(20);
        if (lastAnswer <= from) throw new AssertionError(uri + " did not answer within " + timeout + "; " + this);
    }

    /** How many requests got no answer or one other than 200. */
    public long missed() {
        return missed.get();
    }

    @Override
    public String toString() {
        return String.format("%d requests answered, %d not, longest time without an answer %d ms", answered.get(),
                missed.get(), longestGapNanos.get() / 1_000_000);
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(5000);
    }
}
