package dev.berth.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.e2e.BerthCli.Result;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.mindrot.jbcrypt.BCrypt;

/**
 * Building and shipping images with the tools Berth ships: buildx and BuildKit through the socket, and a password
 * protected registry with the credentials kept in {@code pass}.
 */
@Order(3)
class BuildE2ETest extends EngineSuite {
    @Test
    @Order(1)
    void buildxListsAWorkingBuilderForTheBerthContext() throws Exception {
        // without DOCKER_HOST the CLI takes its current context, which berth start made 'berth'
        Result context = ok(BerthCli.exec(dockerCommand("context", "show"), null, T, Map.of()));
        assertEquals("berth", context.out().strip(), context.all());
        Result inspect = ok(BerthCli.exec(dockerCommand("buildx", "inspect", "--bootstrap", "berth"), null, T, Map.of()));
        assertTrue(inspect.out().lines().anyMatch(l -> l.matches("Driver:\\s+docker"))
                && inspect.out().lines().anyMatch(l -> l.matches("Status:\\s+running"))
                && inspect.out().lines().anyMatch(l -> l.matches("BuildKit version:\\s+\\S+")),
                "the buildx plugin drives the engine's BuildKit: " + inspect.all());
        Result ls = BerthCli.exec(dockerCommand("buildx", "ls"), null, T, Map.of());
        assertTrue(ls.out().lines().anyMatch(l -> l.matches("berth\\*?\\s+docker\\s*"))
                && ls.out().lines().anyMatch(l -> l.matches("\\s*\\\\_ berth\\s+\\\\_ berth\\s+running\\s+\\S+\\s+.*linux/amd64.*")),
                "buildx ls lists the berth context's builder as running: " + ls.all());
    }

    @Test
    @Order(2)
    void buildWithBuildKitMultiStageCacheMountSecretAndPlatform() throws Exception {
        Path context = buildContext("buildkit");
        String cacheId = "berth-e2e-" + token();
        Files.writeString(context.resolve("Dockerfile"), Files.readString(context.resolve("Dockerfile")) + """
                ARG CACHE_BUST
                RUN --mount=type=cache,id=%s,target=/cache echo "$CACHE_BUST" >> /cache/runs && wc -l < /cache/runs > /cache-runs
                RUN --mount=type=secret,id=token sha256sum < /run/secrets/token > /token.sha256
                """.formatted(cacheId));
        String secret = "secret-" + token();
        Path secretFile = work.resolve("build-secret");
        Files.writeString(secretFile, secret);
        String image = "berth-e2e/engine-buildkit:1";
        for (String bust : List.of("first", "second")) {
            Result build = exec(List.of(BerthCli.DOCKER.toString(), "build", "--progress=plain", "--platform", "linux/amd64",
                    "--build-arg", "GREETING=hi-buildkit", "--build-arg", "CACHE_BUST=" + bust,
                    "--secret", "id=token,src=" + secretFile, "-t", image, context.toString()), null, LONG, Map.of());
            assertEquals(0, build.code(), build.all());
            String log = build.out() + build.err();
            assertTrue(log.contains("[internal] load build definition from Dockerfile") && log.contains("[base 2/2] RUN")
                    && log.contains("naming to docker.io/" + image), "BuildKit (session and gRPC through the socket): " + log);
        }
        assertBuilt(image, "hi-buildkit");
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
        Result inside = ok(docker("run", "--rm", "--label", LABEL, image, "sh", "-c",
                "cat /cache-runs /token.sha256; test -e /run/secrets/token && echo secret-kept || echo no-secret"));
        assertEquals("2\n" + sha + "  -\nno-secret\n", inside.out(),
                "the cache mount kept the first build's file for the second, the secret was readable while building and is not in the image");
        assertEquals("linux/amd64", ok(docker("image", "inspect", "-f", "{{.Os}}/{{.Architecture}}", image)).out().strip());
    }

    @Test
    @Order(3)
    void loginPushAndPullWithAPasswordProtectedRegistryKeepTheCredentialsInPass() throws Exception {
        Path configFile = SharedBerth.DOCKER_CONFIG.resolve("config.json");
        assertEquals("pass", JSON.readTree(configFile.toFile()).path("credsStore").asText(),
                "berth start found the initialised password store and pass on its PATH: " + Files.readString(configFile));
        String registryImage = registryImage();
        String user = "berth";
        String password = "pw-" + token();
        Path htpasswd = work.resolve("htpasswd");
        Files.writeString(htpasswd, user + ":" + BCrypt.hashpw(password, BCrypt.gensalt(10)) + "\n");
        int port = freePort();
        docker("rm", "-f", "eng-registry");
        ok(docker("create", "--name", "eng-registry", "--label", LABEL, "-p", port + ":5000", registryImage));
        ok(docker("cp", htpasswd.toString(), "eng-registry:/etc/docker/registry/htpasswd"));
        ok(docker("start", "eng-registry"));
        String v2 = "http://127.0.0.1:" + port + "/v2/";
        awaitTrue(() -> curl(v2, "-u", user + ":" + password).out().equals("{}"), Duration.ofSeconds(60),
                () -> "the registry answers on the host's port " + port + ": " + curl(v2, "-u", user + ":" + password).all()
                        + ok(docker("logs", "eng-registry")).all());
        assertEquals("401", curl(v2, "-o", "/dev/null", "-w", "%{http_code}").out(), "without credentials the registry refuses");

        // dockerd pushes, so "localhost" is the guest's: the published port exists there too, and localhost registries
        // are insecure (plain HTTP) by default; the host reaches the same registry through Berth's port forward
        String registry = "localhost:" + port;
        String token = token();
        String pushed = registry + "/berth-e2e/pushed:" + token;
        docker("rm", "-f", "eng-push-source");
        ok(docker("run", "--name", "eng-push-source", "--label", LABEL, busybox, "sh", "-c", "echo " + token + " > /pushed"));
        ok(docker("commit", "-c", "CMD [\"cat\", \"/pushed\"]", "eng-push-source", pushed));
        ok(docker("rm", "eng-push-source"));
        Result anonymous = docker("push", pushed);
        assertTrue(anonymous.code() != 0 && anonymous.all().contains("no basic auth credentials"), anonymous.all());

        Result login = ok(SharedBerth.dockerWithInput(T, password, "login", "-u", user, "--password-stdin", registry));
        assertTrue(login.out().contains("Login Succeeded"), login.all());
        String config = Files.readString(configFile);
        String basic = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        assertFalse(config.contains(password) || config.contains(basic), "config.json holds no password: " + config);
        JsonNode entry = JSON.readTree(config).path("auths").path(registry);
        assertTrue(entry.isObject() && !entry.has("auth"), "config.json only names the registry: " + config);
        Path helper = BerthCli.HOME.resolve("bin/docker-credential-pass");
        Result stored = ok(BerthCli.exec(List.of(helper.toString(), "get"), registry, T, Map.of()));
        JsonNode secret = JSON.readTree(stored.out());
        assertEquals(user, secret.path("Username").asText(), stored.all());
        assertEquals(password, secret.path("Secret").asText(), "pass holds the password: " + stored.all());

        Result push = ok(docker("push", pushed));
        assertTrue(push.out().contains(token + ": digest: sha256:"), push.all());
        assertTrue(curl("http://127.0.0.1:" + port + "/v2/_catalog", "-u", user + ":" + password).out().contains("\"berth-e2e/pushed\""));
        assertTrue(curl("http://127.0.0.1:" + port + "/v2/berth-e2e/pushed/tags/list", "-u", user + ":" + password).out()
                .contains("\"" + token + "\""));
        ok(docker("rmi", pushed));
        Result pull = ok(docker("pull", pushed));
        assertTrue(pull.out().contains("Pull complete") && pull.out().contains("Downloaded newer image for " + pushed),
                "the layer came back from the registry: " + pull.all());
        assertEquals(token + "\n", ok(docker("run", "--rm", "--label", LABEL, pushed)).out());

        ok(docker("logout", registry));
        assertFalse(ok(BerthCli.exec(List.of(helper.toString(), "list"), null, T, Map.of())).out().contains(registry),
                "logout removed the credentials from pass");
        ok(docker("rmi", pushed));
        Result refused = docker("pull", pushed);
        assertTrue(refused.code() != 0 && refused.all().contains("no basic auth credentials"), "without login: " + refused.all());
        docker("rm", "-f", "eng-registry");
    }


    // -----------------------------------------------------------------------------------------------------------

    /** A build context: multi-stage, COPY of a folder, RUN, a build arg and a .dockerignore that keeps two files out. */
    private static Path buildContext(String name) throws IOException {
        Path context = Files.createDirectories(work.resolve("build-" + name));
        Files.writeString(context.resolve("Dockerfile"), """
                FROM %1$s AS base
                ARG GREETING=hello
                RUN echo "$GREETING from stage one" > /greeting
                FROM %1$s
                COPY --from=base /greeting /greeting
                COPY app/ /app/
                """.formatted(busybox));
        Path app = Files.createDirectories(context.resolve("app"));
        Files.writeString(app.resolve("kept.txt"), "kept\n");
        Files.writeString(app.resolve("secret.txt"), "must not be sent\n");
        Files.writeString(app.resolve("debug.log"), "must not be sent\n");
        Files.writeString(context.resolve(".dockerignore"), "app/secret.txt\n**/*.log\n");
        return context;
    }

    private static void assertBuilt(String image, String greeting) throws Exception {
        Result run = ok(docker("run", "--rm", "--label", LABEL, image, "sh", "-c", "cat /greeting; ls /app"));
        assertEquals(greeting + " from stage one\nkept.txt\n", run.out(),
                "the build arg reached stage one, COPY --from carried its file, .dockerignore kept secret.txt and debug.log out");
    }

    /**
     * Debian's registry 2.8 from its .deb, with the C library it links, imported as an image; it asks for basic auth
     * against {@code /etc/docker/registry/htpasswd}, which a test copies into its container.
     */
    private static String registryImage() throws Exception {
        String image = "berth-e2e/engine-registry:2.8";
        if (docker("image", "inspect", image).code() == 0) return image;
        Path unpacked = DebianPackage.unpacked("docker-registry");
        Path root = work.resolve("registry-root");
        Files.createDirectories(root.resolve("usr/bin"));
        Files.createDirectories(root.resolve("lib/x86_64-linux-gnu"));
        Files.createDirectories(root.resolve("lib64"));
        Files.createDirectories(root.resolve("etc/docker/registry"));
        Files.createDirectories(root.resolve("var/lib/docker-registry"));
        Files.createDirectories(root.resolve("tmp"));
        Files.copy(unpacked.resolve("usr/bin/docker-registry"), root.resolve("usr/bin/docker-registry"));
        Result ldd = ok(exec(List.of("ldd", unpacked.resolve("usr/bin/docker-registry").toString()), null, T, Map.of()));
        for (String line : ldd.out().lines().toList()) {
            String[] words = line.strip().split("\\s+");
            String lib = words.length >= 3 && words[1].equals("=>") ? words[2] : words[0];
            if (!lib.startsWith("/")) continue;
            Path target = root.resolve(lib.substring(1));
            Files.createDirectories(target.getParent());
            Files.copy(Path.of(lib).toRealPath(), target);
        }
        Files.writeString(root.resolve("etc/docker/registry/config.yml"), """
                version: 0.1
                storage:
                  filesystem:
                    rootdirectory: /var/lib/docker-registry
                  delete:
                    enabled: true
                http:
                  addr: :5000
                auth:
                  htpasswd:
                    realm: berth-e2e
                    path: /etc/docker/registry/htpasswd
                """);
        Path tar = work.resolve("registry.tar");
        ok(exec(List.of("tar", "-C", root.toString(), "--owner=0", "--group=0", "-cf", tar.toString(), "."), null, T, Map.of()));
        ok(docker("import", "--change", "ENTRYPOINT [\"/usr/bin/docker-registry\"]",
                "--change", "CMD [\"serve\", \"/etc/docker/registry/config.yml\"]", "--change", "EXPOSE 5000", tar.toString(), image));
        return image;
    }
}
