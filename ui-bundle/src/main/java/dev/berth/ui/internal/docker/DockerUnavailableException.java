package dev.berth.ui.internal.docker;

import java.io.IOException;

/** The Docker engine cannot be reached: its socket is missing or refuses connections. */
public final class DockerUnavailableException extends IOException {
    /** With the sentence shown to the user. */
    public DockerUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
