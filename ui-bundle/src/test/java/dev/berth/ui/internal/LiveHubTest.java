package dev.berth.ui.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.berth.ui.internal.docker.DockerClient;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The VM and Berth page's document is made only for pages that show it (making it asks dockerd for its disk use). */
class LiveHubTest {
    private final AtomicInteger made = new AtomicInteger();
    private DockerClient docker;
    private LiveHub hub;

    @BeforeEach
    void hub() throws Exception {
        docker = new DockerClient(Optional::empty);
        hub = new LiveHub(docker, () -> {
            made.incrementAndGet();
            return JsonNodeFactory.instance.objectNode();
        });
    }

    @AfterEach
    void close() {
        hub.close();
        docker.close();
    }

    @Test
    void aStateChangeWithNoPageShowingTheSystemMakesNoDocument() throws Exception {
        hub.systemChanged();
        LiveSession other = new LiveSession(hub);
        hub.attach(other);
        hub.subscribe(other, Set.of("containers"));
        hub.systemChanged();
        Thread.sleep(300);
        assertEquals(0, made.get(), "the system document was made for no page");
    }

    @Test
    void aPageShowingTheSystemGetsItAgainAtAStateChange() throws Exception {
        LiveSession page = new LiveSession(hub);
        hub.attach(page);
        hub.subscribe(page, Set.of("system"));
        awaitMade(1);
        hub.systemChanged();
        awaitMade(2);
    }

    private void awaitMade(int n) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (made.get() < n && System.nanoTime() < deadline) Thread.sleep(10);
        assertTrue(made.get() >= n, "the system document was made " + made.get() + " times, not " + n);
    }
}
