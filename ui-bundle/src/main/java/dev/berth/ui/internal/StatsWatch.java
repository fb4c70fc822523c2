package dev.berth.ui.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.ui.internal.docker.DockerClient;
import dev.berth.ui.internal.docker.DockerResponse;
import dev.berth.ui.internal.docker.LineSplitter;
import java.io.IOException;
import java.util.function.BiConsumer;

/** Follows Docker's stats stream of one running container and keeps its latest sample. */
final class StatsWatch implements AutoCloseable {
    private final LineSplitter lines = new LineSplitter();
    private final DockerClient.Stream stream;
    private volatile ObjectNode latest;
    private volatile boolean ended;

    /** Opens the stream; {@code sample} hears each new sample with the container's id, on a network thread. */
    StatsWatch(DockerClient docker, String id, BiConsumer<String, ObjectNode> sample) {
        stream = docker.stream("/containers/" + Paths.segment(id) + "/stats?stream=1", new DockerClient.StreamListener() {
            @Override
            public void data(byte[] bytes) {
                for (String line : lines.feed(bytes)) {
                    if (line.isBlank()) continue;
                    try {
                        ObjectNode s = StatsSample.of(DockerResponse.JSON.readTree(line), System.currentTimeMillis());
                        latest = s;
                        sample.accept(id, s);
                    } catch (IOException e) {
                        // a broken line: the next sample follows within a second
                    }
                }
            }

            @Override
            public void end(String problem) {
                ended = true;
            }
        });
    }

    /** The newest sample, or null before the first. */
    ObjectNode latest() {
        return latest;
    }

    /** Whether the stream ended, as it does when the container stops. */
    boolean ended() {
        return ended;
    }

    @Override
    public void close() {
        stream.close();
    }
}
