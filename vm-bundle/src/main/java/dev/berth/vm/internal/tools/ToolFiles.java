package dev.berth.vm.internal.tools;

import java.util.List;

/** Which file of which Debian package becomes which of Berth's host tools. */
final class ToolFiles {
    /**
     * One executable taken from a package.
     *
     * @param packageName the Debian package
     * @param source      the file's path inside the package
     * @param folder      {@code bin} or {@code cli-plugins}, under Berth's home
     * @param name        what a user types to run it
     */
    record Entry(String packageName, String source, String folder, String name) {
        /** The file name it gets in its folder. */
        String fileName() {
            return source.substring(source.lastIndexOf('/') + 1);
        }
    }

    /** Every tool, in the order {@code berth status} shows them. */
    static final List<Entry> ALL = List.of(
            new Entry("docker-cli", "usr/bin/docker", "bin", "docker"),
            new Entry("docker-compose", "usr/libexec/docker/cli-plugins/docker-compose", "cli-plugins", "docker compose"),
            new Entry("docker-buildx", "usr/libexec/docker/cli-plugins/docker-buildx", "cli-plugins", "docker buildx"),
            new Entry("golang-docker-credential-helpers", "usr/bin/docker-credential-pass", "bin", "docker-credential-pass"),
            new Entry("golang-docker-credential-helpers", "usr/bin/docker-credential-secretservice", "bin",
                    "docker-credential-secretservice"));

    /** The Debian packages the tools come from. */
    static List<String> packages() {
        return ALL.stream().map(Entry::packageName).distinct().sorted().toList();
    }

    /** The upstream part of a Debian version: {@code 1:28.5.2+dfsg4-5} gives {@code 28.5.2}. */
    static String upstream(String debianVersion) {
        String v = debianVersion.substring(debianVersion.indexOf(':') + 1);
        int end = v.length();
        for (char c : new char[] {'+', '~', '-'}) {
            int i = v.indexOf(c);
            if (i > 0 && i < end) end = i;
        }
        return v.substring(0, end);
    }

    private ToolFiles() {
    }
}
