package dev.berth.filesharing.internal;

import dev.berth.api.files.Share;
import dev.berth.api.settings.Settings;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** The {@code berth:shares} command: lists, adds and removes shared host folders (setting fileSharing.shares). */
@Component(service = SharesCommand.class, property = {"osgi.command.scope=berth", "osgi.command.function=shares"})
public final class SharesCommand {
    static final String KEY = "fileSharing.shares";
    /** Attaching waits for the guest to probe the device and mount it: seconds under emulation. */
    private static final Duration APPLY_TIMEOUT = Duration.ofSeconds(90);
    private final FileSharingService sharing;
    private final Settings settings;

    /** Uses the file-sharing service and the settings file. */
    @Activate
    public SharesCommand(@Reference FileSharingService sharing, @Reference Settings settings) {
        this.sharing = sharing;
        this.settings = settings;
    }

    /** Lists the shares and their state. */
    @Descriptor("list the host folders shared into the VM (setting fileSharing.shares)")
    public String shares() {
        StringBuilder b = new StringBuilder();
        AppliedShares applied = sharing.applied();
        for (Share s : sharing.shares()) {
            b.append(s.hostPath()).append("  ").append(s.tag()).append("  ").append(state(s, applied)).append('\n');
        }
        if (sharing.shares().isEmpty()) b.append("no folders are shared\n");
        sharing.settings().problems().forEach(p -> b.append("problem: ").append(p).append('\n'));
        String events = sharing.status().facts().get("events");
        if (events != null) b.append("change events: ").append(events).append('\n');
        return b.toString().stripTrailing();
    }

    private static String state(Share share, AppliedShares applied) {
        if (applied == null || !applied.running()) return "mounted when the VM runs";
        return applied.outcome().map(o -> o.failures().containsKey(share.hostPath())
                ? "NOT MOUNTED: " + o.failures().get(share.hostPath()) : "mounted").orElse("unknown: the VM did not answer");
    }

    /** Adds or removes a shared folder and applies the change to the running VM. */
    @Descriptor("add or remove a shared host folder: add PATH | remove PATH")
    public String shares(@Descriptor("add or remove") String action, @Descriptor("absolute host folder") String path)
            throws IOException, InterruptedException {
        Path folder = ShareSettings.expand(path, FileSharingService.home());
        if (!folder.isAbsolute()) throw new IOException("give an absolute path, such as /home/me/code; got '" + path + "'");
        Path real = HostPaths.resolve(folder).orElse(folder);
        List<String> list = new ArrayList<>(sharing.configured());
        String done;
        switch (action) {
            case "add" -> {
                Optional<Share> covering = sharing.covering(folder);
                if (covering.isPresent()) {
                    return real + " is already shared" + (covering.get().hostPath().equals(real) ? ""
                            : " (inside " + covering.get().hostPath() + ")");
                }
                ShareSettings.Result alone = ShareSettings.parse(new String[] {folder.toString()}, FileSharingService.home());
                if (!alone.problems().isEmpty()) throw new IOException(alone.problems().getFirst());
                list.add(folder.toString());
                done = real + " is mounted in the VM at the same path";
            }
            case "remove" -> {
                boolean removed = list.removeIf(entry -> ShareSettings.parse(new String[] {entry}, FileSharingService.home())
                        .shares().stream().anyMatch(s -> s.hostPath().equals(real)));
                if (!removed) {
                    throw new IOException(real + " is not a share" + sharing.covering(folder)
                            .map(s -> "; it lies in the share " + s.hostPath()).orElse("") + "; see berth shares");
                }
                done = real + " is no longer shared";
            }
            default -> throw new IOException("unknown action '" + action + "': use add PATH or remove PATH");
        }
        settings.set(KEY, list);
        if (settings.problem().isPresent()) {
            return "written, but not applied: " + settings.problem().get().describe();
        }
        List<Share> expected = ShareSettings.parse(list.toArray(String[]::new), FileSharingService.home()).shares();
        return KEY + " = " + list + "\n" + awaitApplied(expected, done);
    }

    /** Waits until the service has applied the new list, and says how it went. */
    private String awaitApplied(List<Share> expected, String done) throws InterruptedException {
        long deadline = System.nanoTime() + APPLY_TIMEOUT.toNanos();
        while (true) {
            AppliedShares a = sharing.applied();
            if (a != null && a.wanted().equals(expected)) {
                if (!a.running()) return "the VM is not running: the change applies when it starts (berth start)";
                return a.outcome().map(o -> o.clean() ? "applied live: " + done
                        : "saved, but not fully applied: " + String.join("; ", problems(o))
                        + "; restart the VM to apply it: berth vm restart")
                        .orElse("saved, but the VM did not answer; restart the VM to apply it: berth vm restart");
            }
            if (System.nanoTime() > deadline) return "saved; the VM is still applying it (see berth shares)";
            Thread.sleep(100);
        }
    }

    private static List<String> problems(ShareReconciler.Outcome o) {
        List<String> all = new ArrayList<>(o.failures().values());
        all.addAll(o.leftovers());
        return all;
    }
}
