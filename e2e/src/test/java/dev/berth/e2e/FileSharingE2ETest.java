package dev.berth.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.e2e.BerthCli.Result;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/** Host folders bind-mounted into containers through Berth's shares, refusals, change events and berth shares. */
@Order(5)
class FileSharingE2ETest extends SharedFolderSuite {
    @Test
    @Order(1)
    void aSharedFolderIsReadAndWrittenBothWaysWithItsOwnNames() throws Exception {
        Path dir = Files.createDirectories(work.resolve("dir with space/ünïcødé"));
        Files.writeString(dir.resolve("from host.txt"), "written on the host\n");
        Result r = docker("run", "--rm", "-v", work + ":/src", image, "sh", "-c",
                "cat '/src/dir with space/ünïcødé/from host.txt' && echo 'written in a container' > '/src/dir with space/née.txt'"
                        + " && mkdir /src/made-in-container && ln -s 'dir with space/née.txt' /src/link"
                        + " && mv '/src/dir with space/ünïcødé/from host.txt' '/src/dir with space/renamed.txt'");
        assertEquals("written on the host\n", r.out());
        Path written = work.resolve("dir with space/née.txt");
        assertEquals("written in a container\n", Files.readString(written));
        assertTrue(Files.isDirectory(work.resolve("made-in-container")));
        assertEquals(Path.of("dir with space/née.txt"), Files.readSymbolicLink(work.resolve("link")));
        assertEquals("written in a container\n", Files.readString(work.resolve("link")));
        assertFalse(Files.exists(dir.resolve("from host.txt")));
        assertEquals("written on the host\n", Files.readString(work.resolve("dir with space/renamed.txt")));
        int hostUser = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        assertEquals(hostUser, Files.getAttribute(written, "unix:uid"), "a file made in a container belongs to the host user");
        Files.createSymbolicLink(work.resolve("host-link"), Path.of("made-in-container"));
        Result seen = docker("run", "--rm", "-v", work + ":/src", image, "readlink", "/src/host-link");
        assertEquals("made-in-container", seen.out().strip());
    }

    @Test
    @Order(2)
    void largeFilesAndManySmallFilesCrossIntact() throws Exception {
        Path big = work.resolve("big.bin");
        byte[] block = new byte[1 << 20];
        new Random(42).nextBytes(block);
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        try (var out = Files.newOutputStream(big)) {
            for (int i = 0; i < 96; i++) {
                out.write(block);
                sha.update(block);
            }
        }
        String expected = HexFormat.of().formatHex(sha.digest());
        Result sum = docker("run", "--rm", "-v", work + ":/src", image, "sh", "-c",
                "sha256sum /src/big.bin && cp /src/big.bin /src/copy.bin && for i in $(seq 1 500); do echo $i > /src/small-$i; done");
        assertTrue(sum.out().startsWith(expected), sum.all());
        assertArrayEquals(sha256(big), sha256(work.resolve("copy.bin")), "the container's copy matches on the host");
        try (Stream<Path> small = Files.list(work)) {
            assertEquals(500, small.filter(p -> p.getFileName().toString().startsWith("small-")).count());
        }
        assertEquals("377\n", Files.readString(work.resolve("small-377")));
        Result count = docker("run", "--rm", "-v", work + ":/src", image, "sh", "-c", "rm /src/small-* && ls /src | wc -l");
        try (Stream<Path> left = Files.list(work)) {
            assertEquals(Long.parseLong(count.out().strip()), left.count(), "the host sees the deletions");
        }
    }

    @Test
    @Order(3)
    void aPathOutsideEveryShareIsRefusedWithTheSettingAndNoContainerIsMade() throws Exception {
        Path outside = Path.of("/srv/berth-e2e-unshared-" + ProcessHandle.current().pid(), "src");
        String name = "fs-refused-" + ProcessHandle.current().pid();
        Result r = SharedBerth.docker(T, "run", "--rm", "--name", name, "-v", outside + ":/src", image, "true");
        assertEquals(125, r.code(), r.all());
        assertTrue(r.err().contains("Error response from daemon: Mounts denied") && r.err().contains(outside.toString())
                && r.err().contains("fileSharing.shares") && r.err().contains("berth shares add"), r.all());
        Result listed = docker("ps", "-a", "--filter", "name=" + name, "-q");
        assertEquals("", listed.out().strip(), "the engine never got the create, so no container exists");
    }

    /** Requests that name an unshared host path in ways the docker CLI never sends, straight on the socket. */
    @Test
    @Order(3)
    void everyOtherWayToBindAnUnsharedPathIsRefusedToo() throws Exception {
        String outside = "/srv/berth-e2e-unshared-" + ProcessHandle.current().pid();
        String name = "fs-bypass-" + ProcessHandle.current().pid();
        String bind = "\"" + outside + ":/x\"";
        String localBind = "{\"type\":\"none\",\"o\":\"bind\",\"device\":\"" + outside + "\"}";
        String created = docker("create", "--name", name + "-plain", image, "true").out().strip();
        try {
            Map<String, String> requests = new LinkedHashMap<>();
            requests.put("/v1.41/containers/create?name=" + name + "-a",
                    "{\"image\":\"" + image + "\",\"hostconfig\":{\"binds\":[" + bind + "]}}");
            requests.put("/v1.41/containers/%63reate?name=" + name + "-b",
                    "{\"Image\":\"" + image + "\",\"HostConfig\":{\"Binds\":[" + bind + "]}}");
            requests.put("http://docker/v1.41/containers/create?name=" + name + "-c",
                    "{\"Image\":\"" + image + "\",\"HostConfig\":{\"Binds\":[" + bind + "]}}");
            requests.put("/v1.23/containers/" + created + "/start", "{\"Binds\":[" + bind + "]}");
            requests.put("/v1.41/volumes/create", "{\"Name\":\"" + name + "\",\"DriverOpts\":" + localBind + "}");
            requests.put("/v1.41/containers/create?name=" + name + "-d", "{\"Image\":\"" + image + "\",\"HostConfig\":"
                    + "{\"Mounts\":[{\"Type\":\"volume\",\"Target\":\"/x\",\"VolumeOptions\":{\"DriverConfig\":"
                    + "{\"Name\":\"local\",\"Options\":" + localBind + "}}}]}}");
            requests.put("/v1.41/services/create", "{\"Name\":\"" + name + "\",\"TaskTemplate\":{\"ContainerSpec\":"
                    + "{\"Image\":\"" + image + "\",\"Mounts\":[{\"Type\":\"bind\",\"Source\":\"" + outside
                    + "\",\"Target\":\"/x\"}]}}}");
            for (Map.Entry<String, String> request : requests.entrySet()) {
                UnixHttp.Answer a = post(request.getKey(), request.getValue());
                assertEquals(400, a.status(), request + " -> " + a);
                assertTrue(a.body().startsWith("{\"message\":\"Mounts denied: the path " + outside), request + " -> " + a);
            }
            UnixHttp.Answer broken = post("/v1.41/containers/create?name=" + name + "-e", "{\"HostConfig\":{\"Binds\":[");
            assertEquals(400, broken.status(), broken.toString());
            assertTrue(broken.body().contains("invalid JSON"), broken.toString());
            assertEquals(created, docker("ps", "-a", "--filter", "name=" + name, "-q", "--no-trunc").out().strip(),
                    "no refused container was made");
            assertEquals("created", docker("inspect", "-f", "{{.State.Status}}", created).out().strip(),
                    "the refused start did not start the container");
            assertEquals("", docker("volume", "ls", "-q", "--filter", "name=" + name).out().strip(), "no volume was made");
        } finally {
            for (String id : SharedBerth.docker(T, "ps", "-a", "-q", "--filter", "name=" + name).out().split("\\s+")) {
                if (!id.isBlank()) SharedBerth.docker(T, "rm", "-f", id);
            }
            SharedBerth.docker(T, "volume", "rm", "-f", name);
            SharedBerth.docker(T, "service", "rm", name);
        }
    }

    private static UnixHttp.Answer post(String target, String json) throws Exception {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        byte[] head = ("POST " + target + " HTTP/1.1\r\nHost: docker\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] request = Arrays.copyOf(head, head.length + body.length);
        System.arraycopy(body, 0, request, head.length, body.length);
        return UnixHttp.exchange(BerthCli.HOME.resolve("run").resolve("docker.sock"), request);
    }

    private static byte[] sha256(Path file) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file));
    }
}
