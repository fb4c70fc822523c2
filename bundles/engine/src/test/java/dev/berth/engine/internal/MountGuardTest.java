package dev.berth.engine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.api.files.FileShares;
import dev.berth.api.files.Share;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MountGuardTest {
    /** One share, {@code /home/me}. */
    static final FileShares HOME = new FileShares() {
        @Override
        public List<Share> shares() {
            return List.of(new Share(Path.of("/home/me"), "home", false));
        }

        @Override
        public Optional<Share> covering(Path hostPath) {
            return hostPath.normalize().startsWith("/home/me") ? Optional.of(shares().getFirst()) : Optional.empty();
        }

        @Override
        public boolean mounted(Path shareHostPath) {
            return true;
        }

        @Override
        public String mechanism() {
            return "virtiofs";
        }
    };

    private final MountGuard guard = new MountGuard(() -> Optional.of(HOME));

    private Optional<FullHttpResponse> verdict(MountGuard g, String method, String target, String body) {
        DefaultHttpRequest head = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.valueOf(method), target);
        if (!g.wants(head)) return Optional.empty();
        return g.verdict(ApiPath.of(target), body);
    }

    private void assertDenied(String target, String body, String path) {
        assertDenied(guard, "POST", target, body, path, 400);
    }

    private void assertDenied(MountGuard g, String method, String target, String body, String path, int status) {
        FullHttpResponse answer = verdict(g, method, target, body).orElseThrow(() ->
                new AssertionError(method + " " + target + " " + body + " was let through"));
        assertEquals(status, answer.status().code());
        String text = answer.content().toString(StandardCharsets.UTF_8);
        assertTrue(text.startsWith("{\"message\":\"Mounts denied: the path " + path + " "), text);
        answer.release();
    }

    private void assertAllowed(String target, String body) {
        assertFalse(verdict(guard, "POST", target, body).isPresent(), target + " " + body + " was refused");
    }

    @Test
    void bindsAndBindMountsOutsideTheSharesAreRefusedInDockersShape() {
        assertDenied("/v1.45/containers/create", "{\"HostConfig\":{\"Binds\":[\"/etc:/x:ro\"]}}", "/etc");
        assertDenied("/containers/create?name=a",
                "{\"HostConfig\":{\"Mounts\":[{\"Type\":\"bind\",\"Source\":\"/etc\",\"Target\":\"/x\"}]}}", "/etc");
        FullHttpResponse answer = guard.verdict(ApiPath.of("/containers/create"),
                "{\"HostConfig\":{\"Binds\":[\"/srv/x:/x\"]}}").orElseThrow();
        assertEquals("application/json", answer.headers().get("content-type"));
        assertEquals("{\"message\":\"" + MountCheck.deniedMessage("/srv/x") + "\"}\n",
                answer.content().toString(StandardCharsets.UTF_8));
        answer.release();
    }

    @Test
    void sharedPathsNamedVolumesAndTheDockerSocketPass() {
        assertAllowed("/containers/create", "{\"HostConfig\":{\"Binds\":[\"/home/me/src:/src\",\"data:/data\","
                + "\"/var/run/docker.sock:/var/run/docker.sock\"],\"Mounts\":[{\"Type\":\"volume\",\"Source\":\"v\"}]}}");
        assertAllowed("/containers/create", "{\"Image\":\"busybox\"}");
        assertAllowed("/volumes/create", "{\"Name\":\"plain\",\"Driver\":\"local\"}");
        assertAllowed("/volumes/create", "{\"DriverOpts\":{\"type\":\"none\",\"o\":\"bind\",\"device\":\"/home/me/d\"}}");
        assertAllowed("/containers/abc/start", "");
    }

    @Test
    void parentSegmentsDoNotLeaveAShare() {
        assertDenied("/containers/create", "{\"HostConfig\":{\"Binds\":[\"/home/me/../../etc:/x\"]}}",
                "/home/me/../../etc");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"hostconfig\":{\"binds\":[\"/etc:/x\"]}}",
        "{\"HOSTCONFIG\":{\"Binds\":[\"/etc:/x\"]}}",
        "{\"HostConfig\":{\"mounts\":[{\"type\":\"bind\",\"source\":\"/etc\",\"target\":\"/x\"}]}}",
        "{\"HostConfig\":{\"Bind\\u017f\":[\"/etc:/x\"]}}",
        "{\"HostConfig\":{\"Binds\":[\"/home/me:/y\"]},\"hostConfig\":{\"Binds\":[\"/etc:/x\"]}}",
        "{\"Image\":\"busybox\",\"Binds\":[\"/etc:/x\"]}",
    })
    void fieldNamesMatchInAnyLetterCaseAsDockerdReadsThem(String body) {
        assertDenied("/containers/create", body, "/etc");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "/containers/%63reate",
        "/v1.45/containers%2Fcreate",
        "http://docker/v1.45/containers/create",
        "HTTP://docker/containers/create?name=x",
        "http:/containers/create",
        "/v1.45//containers/./create",
        "/v1.45/images/../containers/create",
    })
    void theRouteIsDecodedAndNormalizedFirst(String target) {
        assertDenied(target, "{\"HostConfig\":{\"Binds\":[\"/etc:/x\"]}}", "/etc");
    }

    @Test
    void aLowerCaseMethodIsCheckedToo() {
        assertDenied(guard, "post", "/containers/create", "{\"HostConfig\":{\"Binds\":[\"/etc:/x\"]}}", "/etc", 400);
    }

    @Test
    void aLegacyStartBodyWithBindsIsChecked() {
        assertDenied("/v1.23/containers/abc/start", "{\"Binds\":[\"/etc:/x\"]}", "/etc");
        assertDenied("/v1.23/containers/abc/start", "{\"HostConfig\":{\"Binds\":[\"/etc:/x\"]}}", "/etc");
    }

    @Test
    void localVolumesThatBindADeviceAreChecked() {
        assertDenied("/v1.45/volumes/create",
                "{\"Name\":\"v\",\"Driver\":\"local\",\"DriverOpts\":{\"type\":\"none\",\"o\":\"bind\",\"device\":\"/etc\"}}",
                "/etc");
        assertDenied("/volumes/create", "{\"driveropts\":{\"o\":\"ro,rbind\",\"device\":\"/etc\"}}", "/etc");
        assertDenied("/containers/create", "{\"HostConfig\":{\"Mounts\":[{\"Type\":\"volume\",\"Target\":\"/x\","
                + "\"VolumeOptions\":{\"DriverConfig\":{\"Name\":\"local\",\"Options\":"
                + "{\"type\":\"none\",\"o\":\"bind\",\"device\":\"/etc\"}}}}]}}", "/etc");
    }

    @Test
    void serviceMountsAreChecked() {
        String spec = "{\"Name\":\"s\",\"TaskTemplate\":{\"ContainerSpec\":{\"Image\":\"busybox\",\"Mounts\":"
                + "[{\"Type\":\"bind\",\"Source\":\"/etc\",\"Target\":\"/x\"}]}}}";
        assertDenied("/v1.45/services/create", spec, "/etc");
        assertDenied("/services/abc/update?version=3", spec.toLowerCase(), "/etc");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"HostConfig\":{\"Binds\":[\"/etc:/x\"]",
        "{\"HostConfig\":{\"Binds\":[\"/etc:/x\"]},\"HostConfig\":{}}",
        "{\"Image\":\"busybox\"} {\"HostConfig\":{\"Binds\":[\"/etc:/x\"]}}",
        "not json",
    })
    void aBodyThatCannotBeReadIsRefused(String body) {
        FullHttpResponse answer = guard.verdict(ApiPath.of("/containers/create"), body).orElseThrow();
        assertEquals(400, answer.status().code());
        assertTrue(answer.content().toString(StandardCharsets.UTF_8).contains("invalid JSON"));
        answer.release();
    }

    @Test
    void withoutFileSharingABindIsRefusedAndOtherContainersPass() {
        MountGuard unshared = new MountGuard(Optional::empty);
        FullHttpResponse answer = verdict(unshared, "POST", "/containers/create",
                "{\"HostConfig\":{\"Binds\":[\"/home/me:/x\"]}}").orElseThrow();
        assertEquals(500, answer.status().code());
        assertEquals("{\"message\":\"" + MountCheck.noSharingMessage("/home/me") + "\"}\n",
                answer.content().toString(StandardCharsets.UTF_8));
        answer.release();
        assertFalse(verdict(unshared, "POST", "/containers/create", "{\"Image\":\"busybox\"}").isPresent());
    }

    @Test
    void otherRoutesAreNotRead() {
        assertFalse(guard.wants(new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/containers/create")));
        assertFalse(guard.wants(new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/containers/abc/stop")));
        assertFalse(guard.wants(new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/build?t=x")));
    }

    /** A share whose mounted state the test sets. */
    private static FileShares homeMounted(java.util.concurrent.atomic.AtomicBoolean mounted) {
        return new FileShares() {
            @Override
            public List<Share> shares() {
                return HOME.shares();
            }

            @Override
            public Optional<Share> covering(Path hostPath) {
                return HOME.covering(hostPath);
            }

            @Override
            public boolean mounted(Path shareHostPath) {
                return mounted.get();
            }

            @Override
            public String mechanism() {
                return "virtiofs";
            }
        };
    }

    private static io.netty.handler.codec.http.FullHttpRequest create(String body) {
        return new io.netty.handler.codec.http.DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST,
                "/containers/create", io.netty.buffer.Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
    }

    @Test
    void aBindUnderAShareTheVmDoesNotHaveMountedIsRefusedNotServedEmpty() throws Exception {
        MountGuard g = new MountGuard(() -> Optional.of(homeMounted(new java.util.concurrent.atomic.AtomicBoolean())),
                java.time.Duration.ofMillis(300));
        FullHttpResponse answer = g.inspect(create("{\"HostConfig\":{\"Binds\":[\"/home/me/src:/src\"]}}"))
                .toCompletableFuture().get().orElseThrow(() -> new AssertionError("let through"));
        assertEquals(500, answer.status().code());
        assertEquals("{\"message\":\"" + MountCheck.unavailableMessage(Path.of("/home/me")) + "\"}\n",
                answer.content().toString(StandardCharsets.UTF_8));
        answer.release();
        assertFalse(g.inspect(create("{\"Image\":\"busybox\"}")).toCompletableFuture().get().isPresent(),
                "a container without binds passes");
    }

    @Test
    void aBindWaitsWhileItsShareIsBeingMounted() throws Exception {
        var mounted = new java.util.concurrent.atomic.AtomicBoolean();
        MountGuard g = new MountGuard(() -> Optional.of(homeMounted(mounted)), java.time.Duration.ofSeconds(30));
        var verdict = g.inspect(create("{\"HostConfig\":{\"Binds\":[\"/home/me/src:/src\"]}}")).toCompletableFuture();
        Thread.sleep(400);
        assertFalse(verdict.isDone(), "waits for the mount");
        mounted.set(true);
        assertFalse(verdict.get().isPresent(), "let through once mounted");
    }
}
