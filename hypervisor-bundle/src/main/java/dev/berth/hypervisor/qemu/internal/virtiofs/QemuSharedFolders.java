package dev.berth.hypervisor.qemu.internal.virtiofs;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.api.hypervisor.SharedFolderSpec;
import dev.berth.api.hypervisor.SharedFolders;
import dev.berth.hypervisor.qemu.internal.files.QemuFiles;
import dev.berth.hypervisor.qemu.internal.qmp.QmpClient;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * Plugs virtiofs devices into a running QEMU's spare root ports and unplugs them, over QMP; each folder is served
 * by a file server of its own and recorded in the run folder, so a later daemon finds what is attached.
 */
public final class QemuSharedFolders implements SharedFolders {
    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,35}");
    private static final Duration QMP_TIMEOUT = Duration.ofSeconds(10);
    /** The guest's PCIe hot-plug driver waits 5 s for the attention button before it lets a device go. */
    private static final Duration UNPLUG_TIMEOUT = Duration.ofSeconds(20);
    private final QmpClient qmp;
    private final QemuFiles files;
    private final Map<String, CompletableFuture<Void>> unplugs = new ConcurrentHashMap<>();

    private final FileServerProgram program;

    public QemuSharedFolders(QmpClient qmp, QemuFiles files, FileServerProgram program) {
        this.qmp = qmp;
        this.files = files;
        this.program = program;
        qmp.onEvent(this::event);
    }

    /** Checks that a tag can name a virtiofs device: letters, digits, '.', '_' and '-', at most 36 bytes. */
    static void checkTag(String tag) throws IOException {
        if (!TAG.matcher(tag).matches()) {
            throw new IOException("shared folder tag '" + tag + "' is not usable: use at most 36 letters, digits, "
                    + "'.', '_' or '-', starting with a letter or digit");
        }
    }

    /** Starts a file server for each folder shared from launch, recording each on its root port. */
    public static void startAtLaunch(List<SharedFolderSpec> folders, QemuFiles files, FileServerProgram program)
            throws IOException {
        AttachedFolder.clearAll(files);
        if (folders.size() > HotplugPorts.COUNT) {
            throw new IOException("a machine can share at most " + HotplugPorts.COUNT + " folders, not "
                    + folders.size());
        }
        try {
            for (int i = 0; i < folders.size(); i++) {
                SharedFolderSpec folder = folders.get(i);
                checkTag(folder.tag());
                new AttachedFolder(folder, HotplugPorts.name(i), Virtiofsd.start(folder, files, program)).write(files);
            }
        } catch (IOException e) {
            AttachedFolder.clearAll(files);
            throw e;
        }
    }

    /** Stops every recorded file server and forgets every folder, for a machine that no longer runs. */
    public static void forgetAll(QemuFiles files) throws IOException {
        AttachedFolder.clearAll(files);
    }

    private void event(JsonNode event) {
        if (!"DEVICE_DELETED".equals(event.path("event").asText())) return;
        CompletableFuture<Void> done = unplugs.get(event.path("data").path("device").asText());
        if (done != null) done.complete(null);
    }

    @Override
    public synchronized void attach(SharedFolderSpec folder) throws IOException {
        checkTag(folder.tag());
        String id = AttachedFolder.deviceId(folder.tag());
        Optional<AttachedFolder> known = AttachedFolder.read(files, folder.tag());
        HotplugPorts ports = HotplugPorts.query(qmp, QMP_TIMEOUT);
        boolean alive = known.isPresent() && Virtiofsd.alive(known.get().pid());
        if (known.isPresent() && known.get().folder().equals(folder) && ports.holds(id) && alive) return;
        if (ports.holds(id) && !alive) {
            throw new IOException("the file server of " + folder.hostPath() + " stopped; the guest cannot let go of "
                    + "the folder, and programs using it in the VM wait until the VM restarts: berth vm restart");
        }
        if (known.isPresent() || ports.holds(id)) {
            detach(folder.tag());
            ports = HotplugPorts.query(qmp, QMP_TIMEOUT);
        }
        String port = ports.free().orElseThrow(() -> new IOException("cannot share " + folder.hostPath() + ": all "
                + HotplugPorts.COUNT + " shared-folder slots of the VM are in use; remove a share first"));
        long pid = Virtiofsd.start(folder, files, program);
        try {
            qmp.execute("chardev-add", Map.of("id", id, "backend", Map.of("type", "socket", "data", Map.of(
                    "addr", Map.of("type", "unix", "data", Map.of("path", files.virtiofsSocket(folder.tag()).toString())),
                    "server", false))), QMP_TIMEOUT);
            try {
                qmp.execute("device_add", Map.of("driver", "vhost-user-fs-pci", "id", id, "chardev", id,
                        "tag", folder.tag(), "bus", port), QMP_TIMEOUT);
            } catch (IOException e) {
                removeChardev(id);
                throw e;
            }
        } catch (IOException e) {
            Virtiofsd.stop(pid);
            AttachedFolder.forget(files, folder.tag());
            throw new IOException("cannot share " + folder.hostPath() + ": " + e.getMessage(), e);
        }
        new AttachedFolder(folder, port, pid).write(files);
    }

    @Override
    public synchronized void detach(String tag) throws IOException {
        String id = AttachedFolder.deviceId(tag);
        if (HotplugPorts.query(qmp, QMP_TIMEOUT).holds(id)) unplug(id, tag);
        removeChardev(id);
        Optional<AttachedFolder> known = AttachedFolder.read(files, tag);
        if (known.isPresent()) Virtiofsd.stop(known.get().pid());
        AttachedFolder.forget(files, tag);
    }

    private void unplug(String id, String tag) throws IOException {
        CompletableFuture<Void> gone = new CompletableFuture<>();
        unplugs.put(id, gone);
        try {
            qmp.execute("device_del", Map.of("id", id), QMP_TIMEOUT);
            gone.get(UNPLUG_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            throw new IOException("the guest did not release shared folder " + tag + " within "
                    + UNPLUG_TIMEOUT.toSeconds() + " s; restart the VM to remove it (berth vm restart)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while removing shared folder " + tag, e);
        } finally {
            unplugs.remove(id);
        }
    }

    private void removeChardev(String id) throws IOException {
        try {
            qmp.execute("chardev-remove", Map.of("id", id), QMP_TIMEOUT);
        } catch (IOException e) {
            if (!e.getMessage().contains("not found")) throw e;
        }
    }

    @Override
    public synchronized List<SharedFolderSpec> attached() throws IOException {
        HotplugPorts ports = HotplugPorts.query(qmp, QMP_TIMEOUT);
        List<SharedFolderSpec> attached = new ArrayList<>();
        for (AttachedFolder a : AttachedFolder.readAll(files)) {
            if (ports.holds(AttachedFolder.deviceId(a.folder().tag())) && Virtiofsd.alive(a.pid())) {
                attached.add(a.folder());
            }
        }
        return attached;
    }
}
