package dev.berth.hypervisor.qemu.internal.memory;

import dev.berth.hypervisor.qemu.internal.files.PrivateFiles;
import dev.berth.nativeio.FileBlocks;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The file that holds the guest's memory, with every block reserved before QEMU maps it: QEMU maps the file shared
 * and writes to it as the guest touches memory, so a block the full file system cannot give kills QEMU with SIGBUS
 * in the middle of a run (and each restart after it dies the same way). Reserving up front turns that into a clear
 * error at start. Blocks a saved state already holds are kept; reserving them again costs next to nothing.
 */
public final class GuestMemoryFile {
    private GuestMemoryFile() {
    }

    /**
     * Makes {@code file} private and at least {@code bytes} long with all its blocks allocated.
     *
     * @throws IOException saying how many bytes are needed where, when the file system has too little room
     */
    public static void reserve(Path file, long bytes) throws IOException {
        PrivateFiles.prepare(file);
        // first the free room, so that a reservation that cannot succeed does not fill the file system on its way
        checkFreeSpace(file, bytes);
        if (FileBlocks.allocate(file, bytes) == FileBlocks.Allocation.NO_SPACE) throw tooLittleRoom(file, bytes);
        // a file system that cannot reserve blocks: the free room checked above is all there is
    }

    /**
     * Whether the file system has room for the part of the file beyond its current length: a file this class
     * reserved has all its blocks, so only its growth needs room.
     */
    private static void checkFreeSpace(Path file, long bytes) throws IOException {
        long usable = Files.getFileStore(file).getUsableSpace();
        if (usable < bytes - Math.min(bytes, Files.size(file))) throw tooLittleRoom(file, bytes);
    }

    private static IOException tooLittleRoom(Path file, long bytes) throws IOException {
        long usable = Files.getFileStore(file.getParent()).getUsableSpace();
        return new IOException("not enough free disk space for the VM's memory: its file " + file.getFileName()
                + " needs " + bytes + " bytes (" + (bytes >> 20) + " MiB) in " + file.getParent() + ", which has "
                + (usable >> 20) + " MiB free; free some space there or lower vm.memoryMiB");
    }
}
