package dev.berth.image.internal.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DependencyClosureTest {
    /** Answers from captured apt-cache depends output, recording each batch asked. */
    private final List<List<String>> asked = new ArrayList<>();
    private final DependencyClosure.Query query = packages -> {
        asked.add(List.copyOf(packages));
        return AptOutput.depends(AptOutputTest.DEPENDS + """
                libc6
                  Depends: libgcc-s1
                libgcc-s1
                libsystemd0
                lsb-base
                perl
                libfile-find-rule-perl
                debconf
                cdebconf
                broken
                  Depends: <nothing-provides-this>
                """);
    };

    @Test
    void takesFirstAlternativesAndFirstProviders() throws Exception {
        assertEquals(Set.of("docker.io", "init-system-helpers", "libc6", "libgcc-s1", "libsystemd0", "lsb-base",
                "usrmerge", "perl", "libfile-find-rule-perl"), DependencyClosure.of(List.of("docker.io"), Set.of(), query));
        assertEquals(List.of(List.of("docker.io"), List.of("init-system-helpers", "libc6", "libsystemd0", "lsb-base"),
                List.of("libgcc-s1", "usrmerge"), List.of("libfile-find-rule-perl", "perl")), asked,
                "one apt-cache call per level of the dependency tree");
    }

    @Test
    void excludedPackagesAreNeverChosen() throws Exception {
        assertEquals(Set.of("docker.io", "init-system-helpers", "libc6", "libgcc-s1", "libsystemd0", "lsb-base",
                "usr-is-merged"), DependencyClosure.of(List.of("docker.io"), Set.of("usrmerge"), query));
        assertEquals(Set.of("tzdata", "cdebconf"), DependencyClosure.of(List.of("tzdata"), Set.of("debconf"), query));
        assertEquals(Set.of("tzdata"), DependencyClosure.of(List.of("tzdata"), Set.of("debconf", "cdebconf"), query));
        assertEquals(Set.of("tzdata"), DependencyClosure.of(List.of("tzdata"), Set.of("debconf", "debconf-2.0"), query),
                "excluding a virtual package excludes its providers");
    }

    @Test
    void anAlternativeAlreadyChosenIsKept() throws Exception {
        assertEquals(Set.of("tzdata", "cdebconf"), DependencyClosure.of(List.of("tzdata", "cdebconf"), Set.of(), query));
    }

    @Test
    void explainsWhatCannotBeResolved() {
        IOException unknown = assertThrows(IOException.class,
                () -> DependencyClosure.of(List.of("no-such-package"), Set.of(), query));
        assertTrue(unknown.getMessage().contains("apt knows no real package no-such-package"), unknown.getMessage());
        assertTrue(unknown.getMessage().contains("sudo apt-get update"), unknown.getMessage());
        IOException broken = assertThrows(IOException.class, () -> DependencyClosure.of(List.of("broken"), Set.of(), query));
        assertEquals("no package provides [nothing-provides-this], needed by broken: add it to the exclude list to go "
                + "without it", broken.getMessage());
        assertThrows(IllegalArgumentException.class, () -> DependencyClosure.of(List.of("perl"), Set.of("perl"), query));
    }

    @Test
    void virtualRootsAreNotPackages() {
        Collection<String> roots = List.of("perl:any");
        assertThrows(IOException.class, () -> DependencyClosure.of(roots, Set.of(), query));
    }
}
