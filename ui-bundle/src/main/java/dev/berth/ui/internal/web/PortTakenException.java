package dev.berth.ui.internal.web;

import java.io.IOException;

/** The server's port is held by another program, which may let it go later. */
public final class PortTakenException extends IOException {
    private static final long serialVersionUID = 1L;

    PortTakenException(String message, Throwable cause) {
        super(message, cause);
    }
}
