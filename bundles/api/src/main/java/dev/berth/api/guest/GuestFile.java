package dev.berth.api.guest;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * A file of the guest's system image, owned by root.
 *
 * @param path     absolute path in the guest, such as {@code /usr/libexec/berth/portd}
 * @param mode     permission bits, such as {@code 0755}
 * @param contents where its bytes come from
 */
public record GuestFile(String path, int mode, Contents contents) {
    /** Checks the path and the mode. */
    public GuestFile {
        Objects.requireNonNull(contents, "contents");
        if (path == null || !path.startsWith("/") || path.endsWith("/") || path.contains("/../") || path.contains("\n")) {
            throw new IllegalArgumentException("a guest file's path must be an absolute file path, was " + path);
        }
        if (mode < 0 || mode > 07777) throw new IllegalArgumentException("mode " + Integer.toOctalString(mode) + " of " + path);
    }

    /** Where a file's bytes come from, read when the image is assembled. */
    @FunctionalInterface
    public interface Contents {
        /** The file's bytes. */
        byte[] read() throws IOException;

        /** Fixed bytes. */
        static Contents bytes(byte[] bytes) {
            byte[] copy = bytes.clone();
            return copy::clone;
        }

        /** A resource of {@code owner}'s bundle, such as {@code /dev/berth/network/guest/portd}. */
        static Contents resource(Class<?> owner, String name) {
            return () -> {
                try (InputStream in = owner.getResourceAsStream(name)) {
                    if (in == null) throw new IOException("resource " + name + " of " + owner.getName() + " is missing");
                    return in.readAllBytes();
                }
            };
        }
    }
}
