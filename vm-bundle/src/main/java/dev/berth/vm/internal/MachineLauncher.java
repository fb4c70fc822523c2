package dev.berth.vm.internal;

import dev.berth.api.hypervisor.ChannelSpec;
import dev.berth.api.hypervisor.DiskSpec;
import dev.berth.api.hypervisor.Hypervisor;
import dev.berth.api.hypervisor.Machine;
import dev.berth.api.hypervisor.MachineSpec;
import dev.berth.api.hypervisor.NicSpec;
import dev.berth.api.hypervisor.PortForward;
import dev.berth.api.hypervisor.Protocol;
import dev.berth.api.vm.GuestChannel;
import dev.berth.api.vm.GuestEndpoint;
import dev.berth.api.vm.ImageArtifacts;
import dev.berth.api.vm.ProgressListener;
import dev.berth.vm.internal.tls.EngineCertificates;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/** Prepares everything a boot needs (image, certificates, data disk, per-boot config) and launches the machine. */
final class MachineLauncher {
    static final int DOCKER_TLS_PORT = 2376;
    private final VmFiles files;
    private final ImageService images;
    private final ConfigArchive.DaemonJson daemonJson;

    /**
     * A machine that runs, with how to reach its engine.
     *
     * @param machine  the machine
     * @param record   what a later daemon needs to reattach
     * @param endpoint the engine's TLS endpoint on the host
     */
    record Launched(Machine machine, MachineRecord record, GuestEndpoint endpoint) {
    }

    MachineLauncher(VmFiles files, ImageService images, ConfigArchive.DaemonJson daemonJson) {
        this.files = files;
        this.images = images;
        this.daemonJson = daemonJson;
    }

    /** Builds the image if needed, prepares the disks and config, and launches. */
    Launched launch(Hypervisor hypervisor, VmConfig config, ProgressListener progress, Consumer<String> warn)
            throws IOException {
        ImageArtifacts image = images.ensureBuilt(progress);
        images.warnings().forEach(warn);
        EngineCertificates certs = new EngineCertificates(files.certificates()).ensure();
        DataDisk.ensure(images.builder(), files.dataDisk(), (long) config.diskGiB() << 30).ifPresent(warn);
        Files.createDirectories(files.runDir());
        byte[] merged = daemonJson.get();
        ConfigArchive.write(images.builder(), files.configArchive(), certs, merged);
        Files.write(files.bootedDaemonJson(), merged);
        int port = freeLoopbackPort();
        MachineSpec spec = spec(config, image, port);
        if (spec.memoryFile() != null) Files.createDirectories(spec.memoryFile().getParent());
        rotate();
        progress.progress("boot", -1, "starting the VM (" + hypervisor.name() + ", " + hypervisor.accelerator()
                .name().toLowerCase(java.util.Locale.ROOT) + ", " + config.cpus() + " CPUs, " + config.memoryMiB() + " MiB)");
        Machine machine = hypervisor.launch(spec);
        MachineRecord record = new MachineRecord(spec, port, image.hash());
        record.write(files.machineFile());
        return new Launched(machine, record, endpoint(port));
    }

    /** The machine an earlier daemon launched, when it still runs. */
    Optional<Launched> reattach(Hypervisor hypervisor) throws IOException {
        Optional<MachineRecord> record = MachineRecord.read(files.machineFile());
        if (record.isEmpty()) return Optional.empty();
        Optional<Machine> machine = hypervisor.reattach(record.get().spec());
        return machine.map(m -> new Launched(m, record.get(), endpoint(record.get().dockerPort())));
    }

    GuestEndpoint endpoint(int port) {
        EngineCertificates certs = new EngineCertificates(files.certificates());
        return new GuestEndpoint("127.0.0.1", port, certs.ca(), certs.clientCert(), certs.clientKey());
    }

    private MachineSpec spec(VmConfig config, ImageArtifacts image, int port) {
        String cmdline = bootArgs(image.cmdline(), config.kernelArgs());
        return new MachineSpec("berth", image.kernel(), List.of(image.initrd(), files.configArchive()), cmdline,
                config.cpus(), config.memoryMiB(),
                List.of(new DiskSpec("sys", image.systemImage(), "raw", true),
                        new DiskSpec("data", files.dataDisk(), "raw", false)),
                List.of(new NicSpec("n0", "52:54:00:be:27:01",
                        List.of(new PortForward(Protocol.TCP, "127.0.0.1", port, DOCKER_TLS_PORT)))),
                List.of(), List.of(new ChannelSpec(GuestChannel.AGENT_CHANNEL, files.agentSocket()),
                        new ChannelSpec(GuestChannel.FS_EVENTS_CHANNEL, files.fsEventsSocket()),
                        new ChannelSpec(GuestChannel.PORTS_CHANNEL, files.portsSocket())), files.runDir(),
                files.consoleLog(), config.saveState() ? files.memoryFile() : null);
    }

    /** The machine a start with these settings would launch (engine port 0), when its image is built; builds nothing. */
    Optional<MachineRecord> wanted(VmConfig config) {
        return images.cached().map(i -> new MachineRecord(spec(config, i, 0), 0, i.hash()));
    }

    /**
     * Resumes the machine {@code saved} describes from its state file, with the engine on a new port.
     *
     * @throws IOException when the state cannot be restored; no machine then runs
     */
    Launched restore(Hypervisor hypervisor, SavedVm saved) throws IOException {
        int port = freeLoopbackPort();
        MachineSpec old = saved.record().spec();
        NicSpec nic = old.nics().getFirst();
        MachineSpec spec = new MachineSpec(old.name(), old.kernel(), old.initrds(), old.cmdline(), old.cpus(),
                old.memoryMiB(), old.disks(), List.of(new NicSpec(nic.id(), nic.mac(),
                List.of(new PortForward(Protocol.TCP, "127.0.0.1", port, DOCKER_TLS_PORT)))), List.of(),
                old.channels(), old.runDir(), old.consoleLog(), old.memoryFile());
        rotate();
        Machine machine = hypervisor.restore(spec, files.savedState());
        Files.writeString(files.bootedDaemonJson(), saved.daemonJson());
        MachineRecord record = new MachineRecord(spec, port, saved.record().imageHash());
        record.write(files.machineFile());
        return new Launched(machine, record, endpoint(port));
    }


    /** The spec's kernel command line with the user's extra arguments. */
    private static String bootArgs(String base, String extra) {
        return extra == null || extra.isBlank() ? base : base + " " + extra.strip();
    }

    private void rotate() throws IOException {
        if (Files.exists(files.consoleLog()) && Files.size(files.consoleLog()) > (4L << 20)) {
            Files.move(files.consoleLog(), files.consoleLog().resolveSibling("console.log.1"),
                    StandardCopyOption.REPLACE_EXISTING);
        }
        Files.createDirectories(files.consoleLog().getParent());
    }

    private static int freeLoopbackPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
