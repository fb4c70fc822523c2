package dev.berth.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.e2e.BerthCli.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Boots the real VM: image build with progress, status, crash restart, daemon reattach, clean stop, persistence, an
 * engine that stops answering, a guest kernel that patches its own code.
 */
@Order(2)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class VmLifecycleE2ETest {
    private static final Duration SHORT = Duration.ofSeconds(60);

    @Test
    @Order(1)
    void startBuildsTheImageWithProgressAndReturnsWhenTheEngineAnswers() throws Exception {
        // without a locale, as after su -: the image holds ca-certificates' Főtanúsítvány.crt, which the JVM
        // can name only when its file name encoding is UTF-8
        Result start = BerthCli.runWithoutLocale(SharedBerth.START, "start");
        assertEquals(0, start.code(), start.all());
        String environ = Files.readString(Path.of("/proc", Long.toString(BerthCli.daemonPid()), "environ"),
                java.nio.charset.StandardCharsets.ISO_8859_1);
        assertTrue(List.of(environ.split("\0")).contains("LC_ALL=C.UTF-8"),
                "the daemon runs in a UTF-8 locale: " + environ.replace('\0', ' '));
        for (String phase : new String[] {"unpack", "modules", "initramfs", "system", "boot", "engine"}) {
            assertTrue(start.out().lines().anyMatch(l -> l.startsWith(phase)), "no " + phase + " phase in\n" + start.all());
        }
        assertTrue(start.out().contains("the Docker Engine is ready"), start.all());
        Result version = SharedBerth.docker(SHORT, "version", "--format", "{{.Server.Version}}");
        assertEquals(0, version.code(), version.all());
    }

    @Test
    @Order(2)
    void statusShowsTheRunningVmWithItsAccelerator() throws Exception {
        JsonNode vm = SharedBerth.subsystem("vm");
        assertEquals("running", vm.path("state").asText(), vm.toString());
        String cpuinfo = Files.readString(Path.of("/proc/cpuinfo"));
        boolean hardware = cpuinfo.lines().anyMatch(l -> l.startsWith("flags") && l.matches(".*\\b(vmx|svm)\\b.*"));
        String expected = hardware && Files.isWritable(Path.of("/dev/kvm")) ? "kvm" : "tcg";
        assertEquals(expected, vm.path("facts").path("accelerator").asText(), vm.toString());
        assertEquals(SharedBerth.qemuPid(), vm.path("facts").path("pid").asLong());
        Result text = BerthCli.run(SHORT, "vm");
        assertTrue(text.out().contains("state: running") && text.out().contains("accelerator: " + expected), text.all());
    }

    @Test
    @Order(3)
    void aKilledQemuIsRestartedAndTheDataDiskIsIntact() throws Exception {
        String image = TestImages.busybox();
        String marker = "written before the crash " + System.nanoTime();
        SharedBerth.docker(SHORT, "volume", "rm", "-f", "crash-marker");
        Result write = SharedBerth.docker(SHORT, "run", "--rm", "-v", "crash-marker:/data", image,
                "sh", "-c", "echo '" + marker + "' > /data/marker && sync");
        assertEquals(0, write.code(), write.all());
        long before = SharedBerth.qemuPid();
        new ProcessBuilder("kill", "-9", Long.toString(before)).start().waitFor();
        awaitVm(before);
        Result read = SharedBerth.docker(SHORT, "run", "--rm", "-v", "crash-marker:/data", image, "cat", "/data/marker");
        assertEquals(0, read.code(), "the image and the volume survived the crash: " + read.all());
        assertEquals(marker, read.out().strip());
        SharedBerth.docker(SHORT, "volume", "rm", "-f", "crash-marker");
        Result log = BerthCli.run(SHORT, "logs", "-n", "400");
        assertTrue(log.out().contains("the VM stopped unexpectedly: QEMU (pid " + before + ") exited unexpectedly"), log.all());
    }

    @Test
    @Order(4)
    void aKilledDaemonLeavesTheVmAndItsContainersUntouched() throws Exception {
        String image = TestImages.busybox();
        SharedBerth.docker(SHORT, "rm", "-f", "survivor");
        Result run = SharedBerth.docker(SHORT, "run", "-d", "--name", "survivor", image, "sleep", "100000");
        assertEquals(0, run.code(), run.all());
        String started = SharedBerth.docker(SHORT, "inspect", "-f", "{{.State.StartedAt}}", "survivor").out().strip();
        long qemu = SharedBerth.qemuPid();
        new ProcessBuilder("kill", "-9", Long.toString(BerthCli.daemonPid())).start().waitFor();
        Thread.sleep(500);
        Result start = BerthCli.run(SharedBerth.START, "start");
        assertEquals(0, start.code(), start.all());
        assertEquals(qemu, SharedBerth.qemuPid(), "the same QEMU still runs");
        Result after = SharedBerth.docker(SHORT, "inspect", "-f", "{{.State.StartedAt}} {{.State.Running}}", "survivor");
        assertEquals(started + " true", after.out().strip(), after.all());
        SharedBerth.docker(SHORT, "rm", "-f", "survivor");
    }

    @Test
    @Order(5)
    void stopShutsTheVmDownCleanlyAndImagesSurviveTheNextStart() throws Exception {
        String image = TestImages.busybox();
        long qemu = SharedBerth.qemuPid();
        // the orderly shutdown path: without this, stop saves the VM's state (the saved-state suite covers that)
        assertEquals(0, BerthCli.run(SHORT, "settings", "vm.saveState", "false").code());
        Result stop = BerthCli.run(Duration.ofMinutes(3), "stop");
        assertEquals(0, stop.code(), stop.all());
        assertFalse(BerthCli.running(qemu), "QEMU still runs");
        Result console = BerthCli.run(SHORT, "logs", "vm", "-n", "30");
        assertTrue(console.out().contains("berth-rcK") && console.out().contains("stopped"), console.all());
        assertFalse(BerthCli.run(SHORT, "logs", "-n", "200").out().contains("did not power off"), "the stop was not clean");
        BerthCli.editSettings("vm.saveState", null);
        Result start = BerthCli.run(SharedBerth.START, "start");
        assertEquals(0, start.code(), start.all());
        assertFalse(start.out().contains("unpack"), "a second start must not rebuild the image:\n" + start.all());
        assertNotEquals(qemu, SharedBerth.qemuPid());
        assertEquals(0, SharedBerth.docker(SHORT, "image", "inspect", image).code(), "the image survived the stop");
    }

    @Test
    @Order(6)
    void anEngineThatStopsAnsweringIsReportedUntilItAnswersAgain() throws Exception {
        String image = TestImages.busybox();
        SharedBerth.docker(SHORT, "rm", "-f", "freezer");
        // checked every 5 s instead of 15, the engine counts as not answering after about 15 s instead of 45
        assertEquals(0, BerthCli.run(SHORT, "settings", "vm.engineCheckSeconds", "5").code());
        try {
            // Freezes dockerd in the guest for 40 s, from a container that containerd keeps running meanwhile.
            Result run = SharedBerth.docker(SHORT, "run", "-d", "--name", "freezer", "--privileged", "--pid=host",
                    image, "sh", "-c", "sleep 1; p=$(pidof dockerd); kill -STOP $p; sleep 40; kill -CONT $p");
            assertEquals(0, run.code(), run.all());
            long t0 = System.nanoTime();
            String noted = awaitVmDetail(true, Duration.ofSeconds(40));
            System.out.println("a frozen engine was reported after " + (System.nanoTime() - t0) / 1_000_000_000 + " s");
            assertTrue(noted.contains("the Docker Engine has not answered since")
                    && noted.contains("restart the VM: berth vm restart"), noted);
            assertEquals("running", SharedBerth.subsystem("vm").path("state").asText(), "the VM itself still runs");
            Result log = BerthCli.run(SHORT, "logs", "-n", "200");
            assertTrue(log.out().contains("the Docker Engine has not answered since"), log.all());
            awaitVmDetail(false, Duration.ofSeconds(90));
            assertTrue(BerthCli.run(SHORT, "logs", "-n", "200").out().contains("the Docker Engine in the VM answers again"));
            assertEquals(0, SharedBerth.docker(SHORT, "rm", "-f", "freezer").code());
        } finally {
            BerthCli.run(SHORT, "settings", "--unset", "vm.engineCheckSeconds");
        }
    }

    @Test
    @Order(7)
    void theGuestSurvivesItsKernelRewritingItsOwnCodeWhileBothCpusRun() throws Exception {
        // Each flip of kernel.sched_schedstats patches the scheduler's code with int3 breakpoints; under TCG with a
        // thread per vCPU the other vCPU ran the patched bytes and the guest died with "Oops: int3".
        String image = TestImages.busybox();
        SharedBerth.docker(SHORT, "rm", "-f", "spinner");
        assertEquals(0, SharedBerth.docker(SHORT, "run", "-d", "--name", "spinner", image,
                "sh", "-c", "while :; do :; done").code());
        long qemu = SharedBerth.qemuPid();
        Path console = BerthCli.HOME.resolve("logs/console.log");
        long oopsBefore = oopses(console);
        Result flips = SharedBerth.docker(Duration.ofMinutes(4), "run", "--rm", "--privileged", image, "sh", "-c",
                "i=0; while [ $i -lt 1000 ]; do echo 1 > /proc/sys/kernel/sched_schedstats;"
                        + " echo 0 > /proc/sys/kernel/sched_schedstats; i=$((i+1)); done; echo flipped $i");
        assertEquals(0, flips.code(), flips.all());
        assertEquals("flipped 1000", flips.out().strip());
        assertEquals(qemu, SharedBerth.qemuPid(), "the same QEMU still runs");
        assertEquals(oopsBefore, oopses(console), "the guest kernel reported no oops");
        assertEquals(0, SharedBerth.docker(SHORT, "rm", "-f", "spinner").code());
    }

    private static long oopses(Path console) throws Exception {
        return Files.readString(console, java.nio.charset.StandardCharsets.ISO_8859_1).lines()
                .filter(l -> l.contains("Oops")).count();
    }

    /** Waits until the VM's status detail does (or no longer does) report an engine that does not answer. */
    private static String awaitVmDetail(boolean unanswered, Duration limit) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            String detail = SharedBerth.subsystem("vm").path("detail").asText("");
            if (detail.contains("has not answered since") == unanswered) return detail;
            if (System.nanoTime() > deadline) throw new AssertionError("not within " + limit.toSeconds() + " s: " + detail);
            Thread.sleep(1000);
        }
    }

    private static void awaitVm(long oldPid) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode vm = SharedBerth.subsystem("vm");
            if (vm.path("state").asText().equals("running") && vm.path("facts").path("pid").asLong() != oldPid) return;
            Thread.sleep(1000);
        }
        throw new AssertionError("the VM did not come back: " + SharedBerth.subsystem("vm"));
    }
}
