package dev.berth.ui.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.ui.internal.web.Request;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ExtensionRoutesTest {
    private final ExtensionRoutes routes = new ExtensionRoutes(Optional::empty, Optional::empty, null, null, 0);

    private static Request upload(Map<String, List<String>> query) {
        return new Request("POST", "/api/extensions", Map.of(), query, new byte[] {1, 2, 3});
    }

    @Test
    void anUploadWithoutConfirmationSaysWhatInstallingMeansAndInstallsNothing() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> routes.upload(upload(Map.of())));
        assertTrue(e.getMessage().startsWith(ExtensionRoutes.RIGHTS), e.getMessage());
        assertTrue(e.getMessage().contains("confirm=yes"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> routes.upload(upload(Map.of("confirm", List.of("no")))));
    }

    @Test
    void aConfirmedUploadNeedsTheExtensionsBundle() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> routes.upload(upload(Map.of("confirm", List.of("yes")))));
        assertEquals("extensions are not available now", e.getMessage());
    }

    @Test
    void theUploadedNameIsItsLastSegmentInHarmlessCharacters() {
        assertEquals("disk-usage-0.2.0.jar", ExtensionRoutes.uploadName("disk-usage-0.2.0.jar"));
        assertEquals("evil.jar", ExtensionRoutes.uploadName("../../etc/evil.jar"));
        assertEquals("my_ext__1_.jar", ExtensionRoutes.uploadName("C:\\Users\\me\\my ext (1).jar"));
        assertEquals("extension.jar", ExtensionRoutes.uploadName("dir/"));
        assertEquals(100, ExtensionRoutes.uploadName("a".repeat(300)).length());
    }
}
