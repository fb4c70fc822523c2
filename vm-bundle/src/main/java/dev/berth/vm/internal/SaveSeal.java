package dev.berth.vm.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * What proves that the guest memory file belongs to the saved state beside it. A save forces the memory file and
 * the state file to disk, then writes a random id into a marker beside them, and the caller writes the same id into
 * the state's description; the marker goes before anything runs on that memory again (a resume or a cold boot). A
 * resume thus finds the two ids equal only when the memory on disk is the one that save left, also after a power
 * loss that came before the memory reached the disk.
 */
final class SaveSeal {
    private static final SecureRandom RANDOM = new SecureRandom();

    private SaveSeal() {
    }

    /** Forces the saved machine's memory and state files to disk, marks them with a new id and returns it. */
    static String seal(VmFiles files) throws IOException {
        DurableFiles.sync(files.memoryFile());
        DurableFiles.sync(files.savedState());
        DurableFiles.makePrivate(files.savedState());
        byte[] id = new byte[16];
        RANDOM.nextBytes(id);
        String saveId = HexFormat.of().formatHex(id);
        DurableFiles.write(marker(files), saveId.getBytes(StandardCharsets.US_ASCII));
        return saveId;
    }

    /** Whether the memory file on disk is the one the save with {@code saveId} left. */
    static boolean holds(VmFiles files, String saveId) {
        try {
            return saveId != null && Files.isRegularFile(marker(files))
                    && Files.readString(marker(files), StandardCharsets.US_ASCII).equals(saveId);
        } catch (IOException e) {
            return false;
        }
    }

    /** Removes the marker: the memory file is about to change. */
    static void breakSeal(VmFiles files) throws IOException {
        DurableFiles.delete(marker(files));
    }

    private static Path marker(VmFiles files) {
        return files.savedDir().resolve("memory.id");
    }
}
