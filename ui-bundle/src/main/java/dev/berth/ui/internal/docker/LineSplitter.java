package dev.berth.ui.internal.docker;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Splits a byte stream into text lines, keeping an unfinished last line until more bytes arrive. */
public final class LineSplitter {
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();

    /** Feeds bytes and returns the lines they complete, without their line ends. */
    public List<String> feed(byte[] bytes) {
        List<String> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] != '\n') continue;
            partial.write(bytes, start, i - start);
            lines.add(take());
            start = i + 1;
        }
        partial.write(bytes, start, bytes.length - start);
        return lines;
    }

    /** The unfinished last line, emptied; empty when there is none. */
    public String rest() {
        return partial.size() == 0 ? "" : take();
    }

    private String take() {
        String line = partial.toString(StandardCharsets.UTF_8);
        partial.reset();
        return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
    }
}
