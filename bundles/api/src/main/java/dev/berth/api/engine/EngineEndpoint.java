package dev.berth.api.engine;

import dev.berth.api.status.State;
import java.nio.file.Path;
import java.util.concurrent.CompletionStage;

/** The Docker Engine API socket that Berth serves on the host. */
public interface EngineEndpoint {
    /** The Unix socket docker clients connect to. */
    Path socket();

    /** The value for {@code DOCKER_HOST}, such as {@code unix:///home/me/.berth/run/docker.sock}. */
    default String dockerHost() {
        return "unix://" + socket();
    }

    /** Whether the socket is serving. */
    State state();

    /**
     * Completes once the host ports that the running containers publish are in place for the VM's current run
     * (after a start or a resume), so that {@code berth start} returns only when they answer.
     */
    CompletionStage<Void> portsPublished();
}
