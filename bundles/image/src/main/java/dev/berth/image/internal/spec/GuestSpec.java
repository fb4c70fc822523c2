package dev.berth.image.internal.spec;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * Berth's declarative description of the guest VM, read from YAML (see {@code berth-guest.yaml}).
 *
 * @param version    format version, 1
 * @param debian     the Debian archive the packages come from
 * @param kernel     the kernel and its command line
 * @param init       the initramfs
 * @param system     the read-only system image
 * @param files      files and folders added to the system image
 * @param onboot     commands init runs once at boot, in order
 * @param services   commands init keeps running
 * @param onshutdown commands init runs when the guest powers off
 */
public record GuestSpec(@JsonProperty(required = true) int version,
                        @JsonProperty(required = true) Debian debian,
                        @JsonProperty(required = true) Kernel kernel,
                        @JsonProperty(required = true) Init init,
                        @JsonProperty(required = true) SystemImage system,
                        List<FileEntry> files, List<String> onboot, List<Service> services, List<String> onshutdown) {
    /** Checks the version and fills absent lists. */
    public GuestSpec {
        if (version != 1) throw new IllegalArgumentException("version must be 1, was " + version);
        files = files == null ? List.of() : List.copyOf(files);
        onboot = onboot == null ? List.of() : List.copyOf(onboot);
        services = services == null ? List.of() : List.copyOf(services);
        onshutdown = onshutdown == null ? List.of() : List.copyOf(onshutdown);
    }

    /**
     * The Debian archive whose packages make the guest, reached through an apt state of Berth's own.
     *
     * @param mirror     the archive's URL, such as {@code http://deb.debian.org/debian}
     * @param suite      the suite, such as {@code testing} or {@code bookworm}
     * @param components the archive components; {@code main} when absent
     * @param keyring    the OpenPGP keyring that signs the suite; Debian's archive keyring when absent
     */
    public record Debian(@JsonProperty(required = true) String mirror, @JsonProperty(required = true) String suite,
                         List<String> components, String keyring) {
        /** Checks the words that go into a sources line. */
        public Debian {
            if (!mirror.matches("(https?|file)://\\S+")) {
                throw new IllegalArgumentException("debian.mirror must be an http, https or file URL, was " + mirror);
            }
            if (!suite.matches("[A-Za-z0-9._/-]+")) throw new IllegalArgumentException("debian.suite is not a suite name: " + suite);
            components = components == null || components.isEmpty() ? List.of("main") : List.copyOf(components);
            for (String c : components) {
                if (!c.matches("[A-Za-z0-9._/-]+")) throw new IllegalArgumentException("debian.components: not a component: " + c);
            }
            keyring = keyring == null || keyring.isBlank() ? "/usr/share/keyrings/debian-archive-keyring.gpg" : keyring;
        }
    }

    /**
     * The guest kernel.
     *
     * @param packageName a Debian kernel package, or a metapackage whose {@code linux-image-*} dependency is used
     * @param cmdline     the kernel command line
     */
    public record Kernel(@JsonProperty(value = "package", required = true) String packageName,
                         @JsonProperty(required = true) String cmdline) {
    }

    /**
     * The initramfs.
     *
     * @param script  file beside the spec that becomes {@code /init}
     * @param modules kernel modules it loads before mounting the system image
     */
    public record Init(@JsonProperty(required = true) String script, List<String> modules) {
        /** Fills an absent module list. */
        public Init {
            modules = modules == null ? List.of() : List.copyOf(modules);
        }
    }

    /**
     * The read-only system image.
     *
     * @param label        ext4 label the initramfs finds the image by
     * @param packages     Debian packages installed, with their dependencies
     * @param exclude      packages never installed, even as dependencies
     * @param remove       paths removed after unpacking
     * @param busyboxLinks whether busybox applet links are added where no file exists
     * @param caBundle     whether {@code /etc/ssl/certs/ca-certificates.crt} is built
     * @param symlinks     links to create, path to target
     * @param modules      kernel modules to include (folders or files of the kernel tree)
     */
    public record SystemImage(@JsonProperty(required = true) String label,
                              @JsonProperty(required = true) List<String> packages,
                              List<String> exclude, List<String> remove,
                              @JsonProperty("busybox-links") boolean busyboxLinks,
                              @JsonProperty("ca-bundle") boolean caBundle,
                              Map<String, String> symlinks, List<String> modules) {
        /** Fills absent lists. */
        public SystemImage {
            if (packages.isEmpty()) throw new IllegalArgumentException("system.packages must name at least one package");
            exclude = exclude == null ? List.of() : List.copyOf(exclude);
            remove = remove == null ? List.of() : List.copyOf(remove);
            symlinks = symlinks == null ? Map.of() : new java.util.TreeMap<>(symlinks);
            modules = modules == null ? List.of() : List.copyOf(modules);
        }
    }

    /**
     * A file or folder of the system image; exactly one of {@code source}, {@code contents} or {@code directory}.
     *
     * @param path      absolute path in the guest
     * @param source    file beside the spec to copy
     * @param contents  text to write
     * @param directory whether this is a folder
     * @param mode      octal permissions, such as {@code "0755"}; default 0644 for files, 0755 for folders
     */
    public record FileEntry(@JsonProperty(required = true) String path, String source, String contents,
                            boolean directory, String mode) {
        /** Checks that the entry says what it is. */
        public FileEntry {
            if (!path.startsWith("/")) throw new IllegalArgumentException("file path " + path + " must be absolute");
            int kinds = (source != null ? 1 : 0) + (contents != null ? 1 : 0) + (directory ? 1 : 0);
            if (kinds != 1) {
                throw new IllegalArgumentException("file " + path + " needs exactly one of source, contents or directory");
            }
            if (mode != null && !mode.matches("[0-7]{3,4}")) {
                throw new IllegalArgumentException("file " + path + ": mode must be octal such as \"0755\", was " + mode);
            }
        }

        /** The permission bits. */
        public int permissions() {
            return mode != null ? Integer.parseInt(mode, 8) : directory ? 0755 : 0644;
        }
    }

    /**
     * A long-running program that init restarts when it exits.
     *
     * @param name    short name
     * @param command the command
     */
    public record Service(@JsonProperty(required = true) String name, @JsonProperty(required = true) String command) {
    }

    /** The busybox inittab that runs onboot, services and onshutdown. */
    public String inittab() {
        StringBuilder b = new StringBuilder("# Generated from the guest spec: onboot, services, onshutdown.\n");
        onboot.forEach(c -> b.append("::sysinit:").append(c).append('\n'));
        services.forEach(s -> b.append("::respawn:").append(s.command()).append('\n'));
        b.append("::ctrlaltdel:/sbin/reboot\n");
        onshutdown.forEach(c -> b.append("::shutdown:").append(c).append('\n'));
        return b.toString();
    }
}
