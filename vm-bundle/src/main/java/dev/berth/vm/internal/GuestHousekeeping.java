package dev.berth.vm.internal;

import dev.berth.api.hypervisor.Machine;
import dev.berth.api.hypervisor.Suspension;
import dev.berth.api.vm.GuestAgent;
import dev.berth.vm.internal.agent.GuestAgentClient;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.osgi.service.log.Logger;

/** The running machine's guest agent, and the housekeeping done through it whose failures are only logged. */
final class GuestHousekeeping implements AutoCloseable {
    private final Logger log;
    private volatile GuestAgentClient agent;
    private final ClockStep clock = new ClockStep(this::syncClock);

    GuestHousekeeping(Logger log) {
        this.log = log;
    }

    /** Talks to the agent behind {@code socket} from now on: another machine runs. */
    void attach(Path socket) {
        GuestAgentClient old = agent;
        agent = new GuestAgentClient(socket);
        if (old != null) old.close();
    }

    /** The agent, once a machine has run. */
    Optional<GuestAgent> agent() {
        return Optional.ofNullable(agent);
    }

    /** Steps the guest clock to the host's after a pause or a restore. */
    void syncClock() {
        call("step the guest clock", GuestAgentClient::syncClock);
    }

    /** Steps the guest clock in the background; clients' requests wait for it through {@link #awaitClock}. */
    void stepClockSoon() {
        clock.begin();
    }

    /** Waits, at most {@code max}, for a clock step under way: a client's request then sees the right time. */
    void awaitClock(Duration max) {
        if (!clock.await(max)) log.warn("the guest clock's step did not end within {} ms; the request goes on", max.toMillis());
    }

    /** Writes the guest's dirty pages to its disks, so the disk alone is consistent too. */
    void flush() {
        call("flush the guest's disks before saving", a -> a.exec(List.of("/bin/sync"), Duration.ofSeconds(30)));
    }

    /** Resumes {@code machine} when it was paused while idle, and begins stepping its clock. */
    void resumeIfPaused(Machine machine) {
        Optional<Suspension> suspension = machine.suspension();
        if (suspension.isEmpty()) return;
        try {
            if (!suspension.get().paused()) return;
            suspension.get().resume();
            log.info("resumed the VM, which was paused while idle");
            stepClockSoon();
        } catch (IOException e) {
            log.warn("could not resume the paused VM: {}", e.getMessage());
        }
    }

    /** A guest agent call whose failure is only logged. */
    private interface AgentCall {
        void run(GuestAgentClient agent) throws IOException;
    }

    private void call(String what, AgentCall call) {
        GuestAgentClient a = agent;
        if (a == null) return;
        try {
            call.run(a);
        } catch (IOException e) {
            log.warn("could not {}: {}", what, e.getMessage());
        }
    }

    @Override
    public void close() {
        GuestAgentClient a = agent;
        if (a != null) a.close();
    }
}
