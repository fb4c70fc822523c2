package dev.berth.image.internal.build;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.berth.image.internal.build.AptOutput.Alternative;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AptOutputTest {
    /** Captured from apt 2.6.1 on Debian 12: apt-cache depends --no-recommends ... docker.io (shortened). */
    static final String DEPENDS = """
            docker.io
              PreDepends: init-system-helpers
              Depends: libc6
              Depends: libsystemd0
                libelogind0
              Depends: lsb-base
                sysvinit-utils
            init-system-helpers
             |Depends: usrmerge
              Depends: usr-is-merged
                usrmerge
            tzdata
             |Depends: debconf
              Depends: <debconf-2.0>
                cdebconf
                debconf
            usrmerge
              Depends: <perl:any>
                perl
              Depends: libfile-find-rule-perl
            <perl:any>
            usr-is-merged
            """;

    @Test
    void parsesAlternativesVirtualPackagesAndProviders() {
        Map<String, List<List<Alternative>>> parsed = AptOutput.depends(DEPENDS);
        assertEquals(List.of("docker.io", "init-system-helpers", "tzdata", "usrmerge", "usr-is-merged"),
                List.copyOf(parsed.keySet()));
        assertEquals(List.of(
                List.of(new Alternative("init-system-helpers", false, List.of())),
                List.of(new Alternative("libc6", false, List.of())),
                List.of(new Alternative("libsystemd0", false, List.of("libelogind0"))),
                List.of(new Alternative("lsb-base", false, List.of("sysvinit-utils")))), parsed.get("docker.io"));
        assertEquals(List.of(List.of(new Alternative("usrmerge", false, List.of()),
                new Alternative("usr-is-merged", false, List.of("usrmerge")))), parsed.get("init-system-helpers"));
        assertEquals(List.of(List.of(new Alternative("debconf", false, List.of()),
                new Alternative("debconf-2.0", true, List.of("cdebconf", "debconf")))), parsed.get("tzdata"));
        assertEquals(List.of(List.of(new Alternative("perl", true, List.of("perl"))),
                List.of(new Alternative("libfile-find-rule-perl", false, List.of()))), parsed.get("usrmerge"));
        assertEquals(List.of(), parsed.get("usr-is-merged"));
    }

    @Test
    void parsesTheFirstStanzaOfEachPackageShown() {
        Map<String, Map<String, String>> shown = AptOutput.show("""
                Package: busybox-static
                Source: busybox (1:1.35.0-4+deb12u1)
                Version: 1:1.35.0-4+deb12u1+b1
                Architecture: amd64
                Tag: admin::recovery, interface::shell, role::program, scope::utility,
                 use::login, works-with::file
                Filename: pool/main/b/busybox/busybox-static_1.35.0-4+deb12u1+b1_amd64.deb
                SHA256: 5cdf0b735b1c8a96ae0bf83ed328c83c2170f8320dedb035e98705b60b2d0cfe

                Package: libc6
                Version: 2.36-9+deb12u14
                SHA256: 0000000000000000000000000000000000000000000000000000000000000000

                Package: libc6
                Version: 2.36-9+deb12u7
                """);
        assertEquals("1:1.35.0-4+deb12u1+b1", shown.get("busybox-static").get("Version"));
        assertEquals("5cdf0b735b1c8a96ae0bf83ed328c83c2170f8320dedb035e98705b60b2d0cfe",
                shown.get("busybox-static").get("SHA256"));
        assertEquals("admin::recovery, interface::shell, role::program, scope::utility,\nuse::login, works-with::file",
                shown.get("busybox-static").get("Tag"));
        assertEquals("2.36-9+deb12u14", shown.get("libc6").get("Version"));
    }
}
