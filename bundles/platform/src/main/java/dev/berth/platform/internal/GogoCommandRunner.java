package dev.berth.platform.internal;

import dev.berth.cli.protocol.Frame;
import dev.berth.cli.protocol.FrameChannel;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Converter;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** Runs control-socket commands through the Gogo shell, so the CLI and admins share one command set. */
@Component(service = CommandRunner.class)
public final class GogoCommandRunner implements CommandRunner {
    static final String PROMPT = "berth> ";
    private final CommandProcessor processor;

    /** Uses the framework's Gogo command processor. */
    @Activate
    public GogoCommandRunner(@Reference CommandProcessor processor) {
        this.processor = processor;
    }

    @Override
    public int exec(List<String> words, FrameChannel frames) throws IOException {
        PrintStream out = new PrintStream(frames.stream(Frame.STDOUT), true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(frames.stream(Frame.STDERR), true, StandardCharsets.UTF_8);
        try (CommandSession session = processor.createSession(InputStream.nullInputStream(), out, err)) {
            StringBuilder line = new StringBuilder(words.getFirst());
            for (int i = 1; i < words.size(); i++) {
                session.put("berth_arg" + i, words.get(i));
                line.append(" $berth_arg").append(i);
            }
            return run(session, line.toString(), out, err);
        }
    }

    @Override
    public int line(String line, FrameChannel frames) throws IOException {
        PrintStream out = new PrintStream(frames.stream(Frame.STDOUT), true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(frames.stream(Frame.STDERR), true, StandardCharsets.UTF_8);
        try (CommandSession session = processor.createSession(InputStream.nullInputStream(), out, err)) {
            return run(session, line, out, err);
        }
    }

    @Override
    public int shell(FrameChannel frames) throws IOException {
        PrintStream out = new PrintStream(frames.stream(Frame.STDOUT), true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(frames.stream(Frame.STDERR), true, StandardCharsets.UTF_8);
        PipedInputStream typed = new PipedInputStream(64 * 1024);
        PipedOutputStream feed = new PipedOutputStream(typed);
        // The pump ends when the client sends end-of-input or closes; interrupting it would close the channel.
        Thread.ofVirtual().name("berth-shell-input").start(() -> pumpInput(frames, feed));
        int last = 0;
        try (CommandSession session = processor.createSession(InputStream.nullInputStream(), out, err);
             BufferedReader reader = new BufferedReader(new InputStreamReader(typed, StandardCharsets.UTF_8))) {
            out.println("Berth shell: type 'help' to list commands, 'exit' or Ctrl-D to leave.");
            while (true) {
                out.print(PROMPT);
                out.flush();
                String line = reader.readLine();
                if (line == null || line.strip().equals("exit")) break;
                if (line.isBlank()) continue;
                last = run(session, line, out, err);
            }
        }
        return last;
    }

    private static void pumpInput(FrameChannel frames, PipedOutputStream feed) {
        try (feed) {
            Frame f;
            while ((f = frames.read()) != null && f.type() != Frame.STDIN_EOF) {
                if (f.type() == Frame.STDIN) {
                    feed.write(f.payload());
                    feed.flush();
                }
            }
        } catch (IOException e) {
            // The client went away or the shell ended: closing the feed ends the shell loop.
        }
    }

    private static int run(CommandSession session, String line, PrintStream out, PrintStream err) {
        try {
            Object result = session.execute(line);
            if (result instanceof CharSequence text) {
                out.println(text);
            } else if (result != null) {
                out.println(session.format(result, Converter.INSPECT));
            }
            return 0;
        } catch (Exception e) {
            err.println("Error: " + ErrorText.of(e));
            return 1;
        }
    }
}
