package dev.berth.image.internal.build;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Removes a file or a whole folder tree, never following a symbolic link out of it. */
public final class Trees {
    private Trees() {
    }

    /** Deletes {@code path} and, for a folder, everything in it; nothing happens when it does not exist. */
    public static void delete(Path path) throws IOException {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) return;
        if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
            List<Path> all = new ArrayList<>();
            try (Stream<Path> s = Files.walk(path)) {
                s.forEach(all::add);
            }
            for (int i = all.size() - 1; i >= 0; i--) Files.delete(all.get(i));
        } else {
            Files.delete(path);
        }
    }
}
