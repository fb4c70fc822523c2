package dev.berth.filesharing.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.api.files.Share;
import dev.berth.api.hypervisor.SharedFolderSpec;
import dev.berth.api.hypervisor.SharedFolders;
import dev.berth.api.vm.ExecResult;
import dev.berth.api.vm.GuestAgent;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ShareReconcilerTest {
    private static final Share HOME = new Share(Path.of("/home/me"), "berth-aa", false);
    private static final Share TMP = new Share(Path.of("/tmp"), "berth-bb", false);

    /** A VM: attached folders, and a guest whose agent mounts and unmounts. */
    private static final class Vm implements SharedFolders, GuestAgent {
        final Map<String, SharedFolderSpec> attached = new LinkedHashMap<>();
        final Map<String, String> mounts = new LinkedHashMap<>();
        final List<String> log = new ArrayList<>();
        String failAttach;
        String failDetach;

        @Override
        public void attach(SharedFolderSpec folder) throws IOException {
            if (folder.tag().equals(failAttach)) throw new IOException("no free slot");
            log.add("attach " + folder.tag());
            attached.put(folder.tag(), folder);
        }

        @Override
        public void detach(String tag) throws IOException {
            if (tag.equals(failDetach)) throw new IOException("the guest did not release it");
            log.add("detach " + tag);
            attached.remove(tag);
        }

        @Override
        public List<SharedFolderSpec> attached() {
            return List.copyOf(attached.values());
        }

        @Override
        public ExecResult exec(List<String> argv, Duration timeout) {
            if (argv.getFirst().equals("/bin/cat")) {
                StringBuilder table = new StringBuilder("overlay / overlay rw 0 0\n");
                mounts.forEach((tag, path) -> table.append(tag).append(' ').append(path).append(" virtiofs rw 0 0\n"));
                return new ExecResult(0, table.toString(), "");
            }
            if (argv.getFirst().equals("/bin/umount")) {
                log.add("umount " + argv.getLast());
                mounts.values().remove(argv.getLast());
                return new ExecResult(0, "", "");
            }
            log.add("mount " + argv.get(4) + " " + argv.get(5));
            mounts.put(argv.get(4), argv.get(5));
            return new ExecResult(0, "", "");
        }

        @Override
        public void syncClock() {
        }
    }

    @Test
    void attachesAndMountsWhatIsMissingOnly() throws Exception {
        Vm vm = new Vm();
        vm.attached.put("berth-aa", new SharedFolderSpec("berth-aa", HOME.hostPath(), false));
        vm.mounts.put("berth-aa", "/home/me");
        ShareReconciler.Outcome o = new ShareReconciler(vm, new GuestMounts(vm)).apply(List.of(HOME, TMP));
        assertTrue(o.clean(), o.toString());
        assertEquals(List.of("attach berth-bb", "mount berth-bb /tmp"), vm.log);
    }

    @Test
    void removesUnwantedSharesAndStaleMountsButLeavesOthersAlone() throws Exception {
        Vm vm = new Vm();
        vm.attached.put("berth-aa", new SharedFolderSpec("berth-aa", HOME.hostPath(), false));
        vm.attached.put("other", new SharedFolderSpec("other", Path.of("/srv"), false));
        vm.mounts.put("berth-aa", "/home/me");
        vm.mounts.put("berth-bb", "/tmp");
        ShareReconciler.Outcome o = new ShareReconciler(vm, new GuestMounts(vm)).apply(List.of(TMP));
        assertTrue(o.clean(), o.toString());
        assertEquals(List.of("umount /home/me", "umount /tmp", "detach berth-aa", "attach berth-bb",
                "mount berth-bb /tmp"), vm.log);
    }

    @Test
    void aShareMountedInsideAnotherIsUnmountedFirst() throws Exception {
        Vm vm = new Vm();
        vm.mounts.put("berth-aa", "/home/me");
        vm.mounts.put("berth-rr", "/home/me/reference");
        ShareReconciler.Outcome o = new ShareReconciler(vm, new GuestMounts(vm)).apply(List.of());
        assertTrue(o.clean(), o.toString());
        assertEquals(List.of("umount /home/me/reference", "umount /home/me"), vm.log);
    }

    @Test
    void reportsEachFailureAndGoesOn() throws Exception {
        Vm vm = new Vm();
        vm.attached.put("berth-cc", new SharedFolderSpec("berth-cc", Path.of("/old"), false));
        vm.failAttach = "berth-aa";
        vm.failDetach = "berth-cc";
        ShareReconciler.Outcome o = new ShareReconciler(vm, new GuestMounts(vm)).apply(List.of(HOME, TMP));
        assertEquals(Map.of(HOME.hostPath(), "no free slot"), o.failures());
        assertEquals(1, o.leftovers().size());
        assertTrue(o.leftovers().getFirst().contains("/old"), o.leftovers().toString());
        assertEquals("/tmp", vm.mounts.get("berth-bb"));
    }
}
