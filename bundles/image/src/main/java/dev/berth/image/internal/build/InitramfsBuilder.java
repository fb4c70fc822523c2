package dev.berth.image.internal.build;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Writes the initramfs: static busybox with its applets, the init script and the modules it loads, in order. */
final class InitramfsBuilder {
    private static final List<String> FOLDERS = List.of("bin", "dev", "proc", "sys", "sysroot", "etc", "media",
            "media/root-ro", "media/root-rw");
    private final long epoch;

    InitramfsBuilder(long epoch) {
        this.epoch = epoch;
    }

    /**
     * Writes a gzip-compressed cpio archive.
     *
     * @param busybox the static busybox binary
     * @param applets its applet names
     * @param init    the {@code /init} script
     * @param kernel  the kernel whose modules are loaded
     * @param modules module files (relative to the kernel's modules folder) in load order
     */
    void write(Path busybox, List<String> applets, byte[] init, KernelModules kernel, List<String> modules, Path target)
            throws IOException {
        List<CpioWriter.Entry> entries = new ArrayList<>();
        for (String folder : FOLDERS) entries.add(new CpioWriter.Directory(folder, 0755));
        entries.add(new CpioWriter.CharDevice("dev/console", 0600, 5, 1));
        entries.add(new CpioWriter.DiskFile("bin/busybox", 0755, busybox));
        for (String applet : applets) {
            String name = applet.substring(applet.lastIndexOf('/') + 1);
            if (!name.equals("busybox")) entries.add(new CpioWriter.Symlink("bin/" + name, "busybox"));
        }
        entries.add(new CpioWriter.BytesFile("init", 0755, init));
        StringBuilder load = new StringBuilder();
        String base = "lib/modules/" + kernel.release() + "/";
        for (String module : modules) {
            entries.add(new CpioWriter.DiskFile(base + module, 0644, kernel.folder().resolve(module)));
            load.append('/').append(base).append(module).append('\n');
        }
        entries.add(new CpioWriter.BytesFile("etc/modules.load", 0644, load.toString().getBytes(StandardCharsets.UTF_8)));
        new CpioWriter(epoch).write(entries, target, true);
    }
}
