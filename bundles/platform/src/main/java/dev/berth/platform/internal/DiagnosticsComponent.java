package dev.berth.platform.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.api.daemon.Daemon;
import dev.berth.api.daemon.Diagnostics;
import dev.berth.api.daemon.DiagnosticsRequest;
import dev.berth.api.settings.Settings;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** Offers the diagnostics zip, with the daemon's logs folder and the settings it knows itself. */
@Component(service = Diagnostics.class)
public final class DiagnosticsComponent implements Diagnostics {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Daemon daemon;
    private final Settings settings;

    @Activate
    public DiagnosticsComponent(@Reference Daemon daemon, @Reference Settings settings) {
        this.daemon = daemon;
        this.settings = settings;
    }

    @Override
    public byte[] zip(DiagnosticsRequest request) throws IOException {
        Map<String, JsonNode> documents = new LinkedHashMap<>();
        for (Map.Entry<String, String> d : request.documents().entrySet()) documents.put(d.getKey(), JSON.readTree(d.getValue()));
        return DiagnosticsBundle.write(new Redactor(request.secrets()), daemon.home().resolve("logs"), settings.file(),
                settings.current(), JSON.readTree(request.status()), documents);
    }
}
