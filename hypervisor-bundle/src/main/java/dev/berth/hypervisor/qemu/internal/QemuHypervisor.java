package dev.berth.hypervisor.qemu.internal;

import dev.berth.api.hypervisor.Accelerator;
import dev.berth.api.hypervisor.DiskSpec;
import dev.berth.api.hypervisor.Hypervisor;
import dev.berth.api.hypervisor.Machine;
import dev.berth.api.hypervisor.MachineSpec;
import dev.berth.cli.host.KvmProbe;
import dev.berth.hypervisor.qemu.internal.files.PrivateFiles;
import dev.berth.hypervisor.qemu.internal.files.QemuFiles;
import dev.berth.hypervisor.qemu.internal.memory.GuestMemoryFile;
import dev.berth.hypervisor.qemu.internal.migration.SavedStates;
import dev.berth.hypervisor.qemu.internal.qmp.QmpClient;
import dev.berth.hypervisor.qemu.internal.virtiofs.FileServerProgram;
import dev.berth.hypervisor.qemu.internal.virtiofs.QemuSharedFolders;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import org.osgi.service.metatype.annotations.Designate;

/** Runs machines as daemonized QEMU processes that outlive the Berth daemon and are found again by their pid file. */
@Component(service = Hypervisor.class, configurationPid = "berth.qemu",
        property = {Hypervisor.NAME + "=qemu", "service.ranking:Integer=0"})
@Designate(ocd = QemuSettings.class)
public final class QemuHypervisor implements Hypervisor {
    private static final Duration LAUNCH_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration QMP_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration RESTORE_TIMEOUT = Duration.ofSeconds(60);
    private final Logger log;
    private final KvmProbe kvm = KvmProbe.host();
    private volatile FileServerProgram fileServer;

    /** Creates the backend. */
    @Activate
    public QemuHypervisor(@Reference(service = LoggerFactory.class) Logger log, QemuSettings settings) {
        this.log = log;
        modified(settings);
    }

    /** Applies changed settings; a new file server serves the folders shared from then on. */
    @Modified
    void modified(QemuSettings settings) {
        fileServer = FileServerProgram.named(settings.fileServer());
    }

    @Override
    public String name() {
        return "qemu";
    }

    @Override
    public Accelerator accelerator() {
        return kvm.obstacle().isEmpty() ? Accelerator.KVM : Accelerator.TCG;
    }

    @Override
    public Optional<String> unavailableReason() {
        return QemuBinary.find().isPresent() ? Optional.empty()
                : Optional.of("QEMU is not installed (" + QemuBinary.name() + " not found); install it with: "
                        + "sudo apt-get install --no-install-recommends qemu-system-x86 qemu-utils");
    }

    @Override
    public Machine launch(MachineSpec spec) throws IOException {
        return start(spec, false);
    }

    @Override
    public Machine restore(MachineSpec spec, Path stateFile) throws IOException {
        if (spec.memoryFile() == null || !Files.isRegularFile(spec.memoryFile())) {
            throw new IOException("no guest memory file to restore from" + (spec.memoryFile() == null ? "" : " at " + spec.memoryFile()));
        }
        if (!Files.isRegularFile(stateFile)) throw new IOException("no saved state at " + stateFile);
        QemuMachine machine = start(spec, true);
        try {
            SavedStates.restore(machine.qmp(), stateFile, RESTORE_TIMEOUT, machine::isAlive);
            return machine;
        } catch (IOException e) {
            machine.kill();
            throw new IOException("the saved state could not be restored: " + e.getMessage()
                    + (machine.isAlive() ? "" : " (QEMU said: " + lastLines(new QemuFiles(spec.runDir())) + ")"), e);
        }
    }

    private static String lastLines(QemuFiles files) {
        try {
            List<String> lines = Files.readAllLines(files.launchLog());
            return String.join(" ", lines.subList(Math.max(0, lines.size() - 3), lines.size())).strip();
        } catch (IOException e) {
            return "nothing";
        }
    }

    private QemuMachine start(MachineSpec spec, boolean incoming) throws IOException {
        Path binary = QemuBinary.find().orElseThrow(() -> new IOException(unavailableReason().orElseThrow()));
        QemuFiles files = new QemuFiles(spec.runDir());
        if (reattach(spec).isPresent()) {
            throw new IOException("a machine already runs from " + spec.runDir() + "; stop it first");
        }
        Accelerator accelerator = accelerator();
        if (accelerator == Accelerator.TCG) log.info("using TCG software emulation: {}", kvm.reasonAgainstKvm().orElse(""));
        Path initrd = InitrdJoiner.join(spec.initrds(), files.initrd());
        prepareFiles(spec);
        QemuSharedFolders.startAtLaunch(spec.sharedFolders(), files, fileServer);
        List<String> command = QemuCommandLine.of(spec, binary, accelerator, initrd, files, incoming);
        log.info("launching {}", String.join(" ", command));
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(incoming ? ProcessBuilder.Redirect.appendTo(files.launchLog().toFile())
                        : ProcessBuilder.Redirect.to(files.launchLog().toFile())).start();
        try {
            if (!p.waitFor(LAUNCH_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                p.destroyForcibly();
                QemuSharedFolders.forgetAll(files);
                throw new IOException("QEMU did not finish starting within " + LAUNCH_TIMEOUT.toSeconds() + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while QEMU was starting", e);
        }
        if (p.exitValue() != 0) {
            QemuSharedFolders.forgetAll(files);
            throw new IOException("QEMU failed to start: " + Files.readString(files.launchLog()).strip());
        }
        long pid = readPid(files).orElseThrow(() -> new IOException("QEMU started but wrote no pid file"));
        return new QemuMachine(spec, pid, accelerator, fileServer, QmpClient.connect(files.qmpSocket(), QMP_TIMEOUT));
    }

    /** Creates the files QEMU writes under Berth's home private, and reserves the guest memory file's blocks. */
    private static void prepareFiles(MachineSpec spec) throws IOException {
        PrivateFiles.prepare(spec.consoleLog());
        for (DiskSpec disk : spec.disks()) {
            if (!disk.readOnly() && Files.exists(disk.path())) PrivateFiles.prepare(disk.path());
        }
        if (spec.memoryFile() != null) GuestMemoryFile.reserve(spec.memoryFile(), (long) spec.memoryMiB() << 20);
    }

    @Override
    public Optional<Machine> reattach(MachineSpec spec) throws IOException {
        QemuFiles files = new QemuFiles(spec.runDir());
        Files.createDirectories(spec.runDir());
        Files.setPosixFilePermissions(spec.runDir(), PosixFilePermissions.fromString("rwx------"));
        Optional<Long> pid = readPid(files).filter(p -> isOurQemu(p, spec));
        if (pid.isEmpty()) {
            Files.deleteIfExists(files.pidFile());
            Files.deleteIfExists(files.qmpSocket());
            QemuSharedFolders.forgetAll(files);
            return Optional.empty();
        }
        QmpClient qmp = QmpClient.connect(files.qmpSocket(), QMP_TIMEOUT);
        Accelerator accelerator = qmp.execute("query-kvm", java.util.Map.of(), QMP_TIMEOUT).path("enabled").asBoolean()
                ? Accelerator.KVM : Accelerator.TCG;
        log.info("reattached to the running machine {} (QEMU pid {})", spec.name(), pid.get());
        return Optional.of(new QemuMachine(spec, pid.get(), accelerator, fileServer, qmp));
    }

    private static Optional<Long> readPid(QemuFiles files) {
        try {
            return Optional.of(Long.parseLong(Files.readString(files.pidFile()).trim()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Whether {@code pid} is a live QEMU that runs the machine named by the spec. */
    static boolean isOurQemu(long pid, MachineSpec spec) {
        try {
            String cmdline = Files.readString(Path.of("/proc", Long.toString(pid), "cmdline")).replace('\0', ' ');
            return cmdline.contains("qemu-system") && cmdline.contains("-name " + spec.name() + ",");
        } catch (IOException e) {
            return false;
        }
    }
}
