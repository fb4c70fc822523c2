package dev.berth.cli.internal;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Shows the daemon's output, drawing its progress lines as one bar redrawn in place on a terminal.
 *
 * <p>Progress lines start with {@link #MARK}; elsewhere they are printed as plain lines.
 */
final class ProgressRenderer {
    /** The marker the daemon puts before a progress line. */
    static final String MARK = "\u001b[berth-progress]";
    private final PrintStream out;
    private final boolean terminal;
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
    private boolean barShown;

    ProgressRenderer(PrintStream out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    /** Takes bytes of daemon output. */
    void write(byte[] bytes) {
        for (byte b : bytes) {
            if (b == '\n') {
                line(partial.toString(StandardCharsets.UTF_8));
                partial.reset();
            } else {
                partial.write(b);
            }
        }
        if (partial.size() > 0 && !partial.toString(StandardCharsets.UTF_8).startsWith(MARK.substring(0, 1))) {
            endBar();
            out.print(partial.toString(StandardCharsets.UTF_8));
            partial.reset();
        }
        out.flush();
    }

    /** Ends an open progress bar line. */
    void finish() {
        if (partial.size() > 0) line(partial.toString(StandardCharsets.UTF_8));
        partial.reset();
        endBar();
        out.flush();
    }

    private void line(String text) {
        if (text.startsWith(MARK)) {
            String bar = text.substring(MARK.length());
            if (terminal) {
                out.print("\r\u001b[K" + bar);
                barShown = true;
            } else {
                out.println(bar);
            }
            return;
        }
        endBar();
        out.println(text);
    }

    private void endBar() {
        if (barShown) {
            out.println();
            barShown = false;
        }
    }
}
