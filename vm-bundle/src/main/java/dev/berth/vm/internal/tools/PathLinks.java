package dev.berth.vm.internal.tools;

import dev.berth.api.tools.HostTool;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Links Berth's host tools into a folder on the user's PATH, never replacing a file that Berth did not link. */
final class PathLinks {
    private PathLinks() {
    }

    /**
     * Links each tool of {@code bin} into {@code folder}, replacing only links that already point into {@code bin}.
     *
     * @return one sentence for each tool left alone because something else is there
     */
    static List<String> link(Path folder, Path bin, List<HostTool> tools) throws IOException {
        List<String> skipped = new ArrayList<>();
        Files.createDirectories(folder);
        List<Path> targets = new ArrayList<>();
        for (HostTool tool : tools) {
            if (tool.path().startsWith(bin)) targets.add(tool.path());
        }
        targets.add(bin.resolve("docker-compose"));
        for (Path target : targets) {
            Path link = folder.resolve(target.getFileName());
            if (Files.isSymbolicLink(link)) {
                Path points = link.getParent().resolve(Files.readSymbolicLink(link)).normalize();
                if (points.equals(target)) continue;
                if (!points.startsWith(bin)) {
                    skipped.add(link + " links to " + points + ", not to Berth's " + target + ": left alone");
                    continue;
                }
                Files.delete(link);
            } else if (Files.exists(link, LinkOption.NOFOLLOW_LINKS)) {
                skipped.add(link + " exists and is not Berth's: left alone (remove it to use Berth's " + target + ")");
                continue;
            }
            Files.createSymbolicLink(link, target);
        }
        return skipped;
    }
}
