package dev.berth.example.diskusage.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.api.engine.EngineEndpoint;
import dev.berth.api.status.State;
import java.io.IOException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

/** Docker's disk use from Berth's engine socket, as the tab and the command show it, with the user's settings. */
@Component(service = DiskUsage.class, configurationPid = "berth.diskUsage")
@Designate(ocd = DiskUsageConfig.class)
public final class DiskUsage {
    private final EngineEndpoint engine;
    private volatile DiskUsageConfig config;

    /** Uses Berth's Docker API socket. */
    @Activate
    public DiskUsage(@Reference EngineEndpoint engine, DiskUsageConfig config) {
        this.engine = engine;
        this.config = config;
    }

    @Modified
    void modified(DiskUsageConfig changed) {
        config = changed;
    }

    /** The summary now; fails with a sentence when the engine does not run. */
    ObjectNode now() throws IOException {
        if (engine.state() != State.RUNNING) throw new IOException("the Docker Engine is not running (berth start starts it)");
        return DockerDisk.summary(DockerDisk.ask(engine.socket()), Math.max(0, config.topImages()));
    }
}
