package dev.berth.ui.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.ui.internal.docker.DockerClient;
import dev.berth.ui.internal.docker.LineSplitter;
import dev.berth.ui.internal.docker.StreamDemuxer;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/** Follows one container's log for one page, collecting lines that the hub sends in batches. */
final class LogFollower {
    /** The most lines kept between two batches; older ones are dropped and counted. */
    static final int MAX_PENDING = 2000;
    private final DockerClient docker;
    private final String id;
    private final Deque<ObjectNode> pending = new ArrayDeque<>();
    private final LineSplitter[] splitters = {new LineSplitter(), new LineSplitter(), new LineSplitter()};
    private long dropped;
    private String lastTimestamp;
    private String problem;
    private DockerClient.Stream stream;
    private boolean following;
    private boolean closed;

    LogFollower(DockerClient docker, String id) {
        this.docker = docker;
        this.id = id;
    }

    /** Starts following: the last 1000 lines first, or only lines after the last one seen when reopened. */
    synchronized void open() {
        if (following || closed) return;
        following = true;
        docker.call("GET", "/containers/" + Paths.segment(id) + "/json", null).whenComplete((res, error) -> {
            if (error != null || !res.ok()) {
                ended(error != null ? error.getMessage() : res.error());
                return;
            }
            boolean tty;
            try {
                tty = res.json().path("Config").path("Tty").asBoolean(false);
            } catch (java.io.IOException e) {
                ended(e.getMessage());
                return;
            }
            StreamDemuxer demuxer = tty ? null : new StreamDemuxer();
            String since = since();
            String path = "/containers/" + Paths.segment(id) + "/logs?follow=1&stdout=1&stderr=1&timestamps=1"
                    + (since == null ? "&tail=1000" : "&since=" + since);
            DockerClient.Stream opened = docker.stream(path, new DockerClient.StreamListener() {
                @Override
                public void data(byte[] bytes) {
                    if (demuxer == null) {
                        lines(1, bytes);
                    } else {
                        demuxer.feed(bytes).forEach(c -> lines(c.stream(), c.bytes()));
                    }
                }

                @Override
                public void end(String why) {
                    ended(why);
                }
            });
            synchronized (this) {
                if (closed) opened.close();
                else stream = opened;
            }
        });
    }

    private synchronized String since() {
        if (lastTimestamp == null) return null;
        try {
            Instant t = Instant.parse(lastTimestamp);
            return t.getEpochSecond() + "." + String.format("%09d", t.getNano() + 1);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private synchronized void lines(int streamNumber, byte[] bytes) {
        for (String line : splitters[Math.min(streamNumber, 2)].feed(bytes)) {
            int space = line.indexOf(' ');
            String time = space > 0 ? line.substring(0, space) : "";
            ObjectNode n = JsonNodeFactory.instance.objectNode();
            n.put("s", streamNumber);
            n.put("time", time);
            n.put("text", space > 0 ? line.substring(space + 1) : line);
            if (!time.isEmpty()) lastTimestamp = time;
            pending.addLast(n);
            if (pending.size() > MAX_PENDING) {
                pending.removeFirst();
                dropped++;
            }
        }
    }

    private synchronized void ended(String why) {
        following = false;
        stream = null;
        problem = why;
    }

    /** Whether the log stream is closed, as it is once the container stops; {@link #open()} resumes it. */
    synchronized boolean idle() {
        return !following && !closed;
    }

    /** The lines gathered since the last call (with a note on dropped ones), or null when there are none. */
    synchronized ArrayNode drain() {
        if (pending.isEmpty() && dropped == 0 && problem == null) return null;
        ArrayNode batch = JsonNodeFactory.instance.arrayNode();
        if (dropped > 0) {
            batch.addObject().put("s", 0).put("time", "").put("text", "… " + dropped + " lines skipped: the log grew too fast to show");
            dropped = 0;
        }
        batch.addAll(pending);
        pending.clear();
        if (problem != null) {
            batch.addObject().put("s", 0).put("time", "").put("text", "the log stream ended: " + problem);
            problem = null;
        }
        return batch;
    }

    /** Stops following. */
    synchronized void close() {
        closed = true;
        if (stream != null) stream.close();
        stream = null;
    }
}
