package dev.berth.platform.internal;

import dev.berth.cli.protocol.FrameChannel;
import java.io.IOException;
import java.util.List;

/** Runs shell commands for a control connection. */
interface CommandRunner {
    /** Runs one command given as words, writing its output as frames; returns the exit code. */
    int exec(List<String> words, FrameChannel frames) throws IOException;

    /** Runs one line of the shell language, writing its output as frames; returns the exit code. */
    int line(String line, FrameChannel frames) throws IOException;

    /** Runs an interactive shell fed by the connection's input frames; returns the exit code. */
    int shell(FrameChannel frames) throws IOException;
}
