package dev.berth.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.e2e.BerthCli.Result;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/** Images and clean-up through the docker CLI: commit, save, load, export, import and the prunes. */
@Order(3)
class ImageE2ETest extends EngineSuite {
    @Test
    @Order(1)
    void commitSaveLoadExportImport() throws Exception {
        ensureMain();
        String token = token();
        String committed = "berth-e2e/engine-committed:1";
        String imported = "berth-e2e/engine-imported:1";
        ok(docker("exec", MAIN, "sh", "-c", "echo " + token + " > /marker"));
        ok(docker("commit", "-c", "ENV COMMITTED=yes", "-c", "CMD [\"sh\", \"-c\", \"cat /marker; echo $COMMITTED\"]", MAIN, committed));

        Path saved = work.resolve("committed.tar");
        ok(docker("save", "-o", saved.toString(), committed));
        Result listing = ok(BerthCli.exec(List.of("tar", "-tf", saved.toString()), null, T, Map.of()));
        assertTrue(listing.out().lines().anyMatch(l -> l.equals("manifest.json")), listing.all());
        ok(docker("rmi", committed));
        assertNotEquals(0, docker("image", "inspect", committed).code());
        Result load = ok(docker("load", "-i", saved.toString()));
        assertTrue(load.out().contains("Loaded image: " + committed), load.all());
        assertEquals(token + "\nyes\n", ok(docker("run", "--rm", "--label", LABEL, committed)).out(),
                "the loaded image holds the committed file, environment and command");

        Path exported = work.resolve("exported.tar");
        ok(docker("export", "-o", exported.toString(), MAIN));
        Result files = ok(BerthCli.exec(List.of("tar", "-tf", exported.toString()), null, T, Map.of()));
        assertTrue(files.out().lines().anyMatch(l -> l.equals("marker")) && files.out().lines().anyMatch(l -> l.equals("bin/busybox")),
                "the export holds the container's file system");
        ok(docker("import", "--change", "CMD [\"cat\", \"/marker\"]", exported.toString(), imported));
        assertEquals(token + "\n", ok(docker("run", "--rm", "--label", LABEL, imported)).out());
        assertEquals("1", ok(docker("image", "inspect", "-f", "{{len .RootFS.Layers}}", imported)).out().strip(),
                "an import is one flat layer");
    }

    @Test
    @Order(2)
    void prunesRemoveOnlyWhatIsUnused() throws Exception {
        String prune = "berth.e2e.prune=" + token();
        String image = "berth-e2e/engine-prune:1";
        docker("rm", "-f", "eng-prune");
        ok(docker("create", "--name", "eng-prune", "--label", LABEL, "--label", prune, busybox, "true"));
        ok(docker("commit", "-c", "LABEL " + prune, "-c", "ENV V=1", "eng-prune", image));
        String dangling = ok(docker("image", "inspect", "-f", "{{.Id}}", image)).out().strip();
        ok(docker("commit", "-c", "LABEL " + prune, "-c", "ENV V=2", "eng-prune", image));
        String tagged = ok(docker("image", "inspect", "-f", "{{.Id}}", image)).out().strip();
        ok(docker("volume", "create", "--label", LABEL, "--label", prune, "eng-prune-vol"));
        ok(docker("network", "create", "--label", LABEL, "--label", prune, "eng-prune-net"));

        docker("rm", "-f", "eng-prune-holder");
        ok(docker("volume", "create", "--label", LABEL, "--label", prune, "eng-prune-used"));
        ok(docker("create", "--name", "eng-prune-holder", "--label", LABEL, "-v", "eng-prune-used:/used", busybox, "true"));
        String id = ok(docker("inspect", "-f", "{{.Id}}", "eng-prune")).out().strip();

        Result containers = ok(docker("container", "prune", "-f", "--filter", "label=" + prune));
        assertTrue(containers.out().contains(id), containers.all());
        assertNotEquals(0, docker("inspect", "eng-prune").code(), "the stopped container is gone");
        assertEquals(0, docker("inspect", "eng-prune-holder").code(), "the filter spared the other one");

        Result danglingOnly = ok(docker("image", "prune", "-f", "--filter", "label=" + prune));
        assertTrue(danglingOnly.out().contains(dangling), danglingOnly.all());
        assertEquals(tagged, ok(docker("image", "inspect", "-f", "{{.Id}}", image)).out().strip(), "without -a the tagged image stays");
        Result unused = ok(docker("image", "prune", "-a", "-f", "--filter", "label=" + prune));
        assertTrue(unused.out().contains(tagged), unused.all());
        assertNotEquals(0, docker("image", "inspect", image).code(), "prune -a removed the unused tagged image");

        // since API 1.42 a volume prune takes only anonymous volumes, and named ones with --all
        Result anonymousOnly = ok(docker("volume", "prune", "-f", "--filter", "label=" + prune));
        assertFalse(anonymousOnly.out().contains("eng-prune-vol"), anonymousOnly.all());
        assertEquals(0, docker("volume", "inspect", "eng-prune-vol").code(), "without --all the named volume stays");
        Result volumes = ok(docker("volume", "prune", "--all", "-f", "--filter", "label=" + prune));
        assertTrue(volumes.out().contains("eng-prune-vol") && !volumes.out().contains("eng-prune-used"), volumes.all());
        assertNotEquals(0, docker("volume", "inspect", "eng-prune-vol").code());
        assertEquals(0, docker("volume", "inspect", "eng-prune-used").code(), "a volume a container uses stays");

        Result networks = ok(docker("network", "prune", "-f", "--filter", "label=" + prune));
        assertTrue(networks.out().contains("eng-prune-net"), networks.all());
        assertNotEquals(0, docker("network", "inspect", "eng-prune-net").code());
        docker("rm", "-f", "eng-prune-holder");
        docker("volume", "rm", "eng-prune-used");
    }

}
