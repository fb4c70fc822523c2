package dev.berth.api.kubernetes;

import dev.berth.api.status.State;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/** A single-node Kubernetes cluster running inside the guest. */
public interface KubernetesCluster {
    /** The cluster's lifecycle state. */
    State state();

    /** The kubeconfig file that reaches the cluster, when it runs. */
    Optional<Path> kubeconfig();

    /** Starts the cluster and waits until its API answers. */
    void enable() throws IOException;

    /** Stops the cluster, keeping its data. */
    void disable() throws IOException;
}
