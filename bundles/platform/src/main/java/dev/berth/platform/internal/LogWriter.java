package dev.berth.platform.internal;

import java.io.PrintStream;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.LogEntry;
import org.osgi.service.log.LogLevel;
import org.osgi.service.log.LogListener;
import org.osgi.service.log.LogReaderService;
import org.osgi.service.log.Logger;
import org.osgi.service.log.admin.LoggerAdmin;
import org.osgi.service.log.admin.LoggerContext;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Writes every log entry as one line to the daemon's standard output, which the launcher sends to its log file. */
@Component(service = {}, immediate = true, configurationPid = "berth.daemon")
@Designate(ocd = LogWriter.Config.class)
public final class LogWriter implements LogListener {
    /** Logging settings, section {@code daemon} of settings.json. */
    @ObjectClassDefinition(name = "Berth daemon")
    public @interface Config {
        /** Lowest level written: ERROR, WARN, INFO, DEBUG or TRACE. */
        @AttributeDefinition(description = "Lowest log level written")
        String logLevel() default "INFO";
    }

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").withZone(ZoneId.systemDefault());
    private final LogReaderService reader;
    /** The log file the client sends standard output to, kept in size; null when the daemon runs in a terminal. */
    private final DaemonLogFile file = DaemonLogFile.fromEnvironment();
    private final LogLevel threshold;

    /** Sets the root log level and subscribes to entries. */
    @Activate
    public LogWriter(@Reference LogReaderService reader, @Reference LoggerAdmin admin, Config config) {
        this.reader = reader;
        LoggerContext root = admin.getLoggerContext(null);
        LogLevel level;
        try {
            level = LogLevel.valueOf(config.logLevel().strip().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            level = LogLevel.INFO;
            out().println("daemon.logLevel '" + config.logLevel() + "' is not one of ERROR, WARN, INFO, DEBUG, TRACE; using INFO");
        }
        this.threshold = level;
        root.setLogLevels(Map.of(Logger.ROOT_LOGGER_NAME, level,
                "Events.Service", LogLevel.WARN, "Events.Bundle", LogLevel.WARN, "Events.Framework", LogLevel.WARN));
        List<LogEntry> earlier = Collections.list(reader.getLog());
        Collections.reverse(earlier);
        reader.addLogListener(this);
        earlier.forEach(this::logged);
    }

    /** Unsubscribes. */
    @Deactivate
    void deactivate() {
        reader.removeLogListener(this);
    }

    @Override
    public void logged(LogEntry entry) {
        LogLevel limit = entry.getLoggerName().startsWith("Events.") ? LogLevel.WARN : threshold;
        if (entry.getLogLevel().ordinal() > limit.ordinal()) return;
        String bundle = entry.getBundle() == null ? "-" : entry.getBundle().getSymbolicName();
        StringBuilder line = new StringBuilder(160)
                .append(TIME.format(Instant.ofEpochMilli(entry.getTime())))
                .append(' ').append(String.format("%-5s", entry.getLogLevel()))
                .append(" [").append(bundle).append("] ")
                .append(entry.getMessage());
        PrintStream out = out();
        synchronized (out) {
            out.println(line);
            if (entry.getException() != null) entry.getException().printStackTrace(out);
            out.flush();
        }
        if (file != null) file.written(line.length() + 1);
    }

    private PrintStream out() {
        return file == null ? System.out : file.out();
    }
}
