package dev.berth.ui.internal.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class LoginCodesTest {
    private Instant now = Instant.parse("2026-01-01T00:00:00Z");
    private final LoginCodes codes = new LoginCodes(() -> now);

    @Test
    void aCodeIsRandom128BitsAndWorksOnce() {
        String code = codes.issue();
        assertEquals(16, Base64.getUrlDecoder().decode(code).length);
        assertNotEquals(code, codes.issue());
        assertTrue(codes.redeem(code));
        assertFalse(codes.redeem(code), "used twice");
    }

    @Test
    void aCodeExpiresAfterItsLifetime() {
        String inTime = codes.issue();
        String late = codes.issue();
        now = now.plus(LoginCodes.LIFETIME).minusMillis(1);
        assertTrue(codes.redeem(inTime));
        now = now.plusMillis(1);
        assertFalse(codes.redeem(late), "expired");
    }

    @Test
    void unknownAndMissingCodesAreRefused() {
        assertFalse(codes.redeem(null));
        assertFalse(codes.redeem(""));
        assertFalse(codes.redeem("guess"));
    }
}
