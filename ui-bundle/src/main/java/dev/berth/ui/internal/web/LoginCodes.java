package dev.berth.ui.internal.web;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One-time codes that open the dashboard in a browser: random 128 bits, valid for {@link #LIFETIME}, used once. They
 * stand in for the access token in the address that {@code berth dashboard} opens, which other local users can read
 * on the browser's command line.
 */
public final class LoginCodes {
    /** How long a code may wait for its browser, in seconds. */
    public static final int LIFETIME_SECONDS = 30;
    /** How long a code may wait for its browser. */
    public static final Duration LIFETIME = Duration.ofSeconds(LIFETIME_SECONDS);
    private final SecureRandom random = new SecureRandom();
    private final InstantSource clock;
    private final Map<String, Instant> expiries = new ConcurrentHashMap<>();

    /** Codes whose age {@code clock} tells. */
    public LoginCodes(InstantSource clock) {
        this.clock = clock;
    }

    /** A new code. */
    public String issue() {
        Instant now = clock.instant();
        expiries.values().removeIf(expiry -> !now.isBefore(expiry));
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        String code = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        expiries.put(code, now.plus(LIFETIME));
        return code;
    }

    /** Whether {@code code} was issued and has neither expired nor been used; it cannot be used again. */
    public boolean redeem(String code) {
        if (code == null) return false;
        Instant expiry = expiries.remove(code);
        return expiry != null && clock.instant().isBefore(expiry);
    }
}
