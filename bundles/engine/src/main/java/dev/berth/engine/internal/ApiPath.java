package dev.berth.engine.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The route a request target names as dockerd's router sees it: absolute-form reduced to its path, the query cut
 * off, percent-escapes decoded, {@code .}, {@code ..} and repeated slashes removed, and the optional
 * {@code /vX.Y} version prefix split off.
 *
 * @param version the API version the target names, empty for none
 * @param path    the route without the version prefix, such as {@code /containers/create}
 */
record ApiPath(String version, String path) {
    private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:");
    private static final Pattern VERSIONED = Pattern.compile("^/v([0-9.]+)(/.*)$");

    /** The route of a request target as it arrives on the wire. */
    static ApiPath of(String target) {
        String rest = target;
        Matcher scheme = SCHEME.matcher(rest);
        if (!rest.startsWith("/") && scheme.find()) rest = rest.substring(scheme.end());
        int query = rest.indexOf('?');
        if (query >= 0) rest = rest.substring(0, query);
        if (rest.startsWith("//")) {
            int slash = rest.indexOf('/', 2);
            rest = slash < 0 ? "/" : rest.substring(slash);
        }
        String clean = clean(decode(rest));
        Matcher versioned = VERSIONED.matcher(clean);
        return versioned.matches() ? new ApiPath(versioned.group(1), versioned.group(2)) : new ApiPath("", clean);
    }

    /** Whether the route is {@code pattern}, in which {@code *} stands for one path segment. */
    boolean is(String pattern) {
        String[] want = pattern.split("/", -1);
        String[] have = path.split("/", -1);
        if (want.length != have.length) return false;
        for (int i = 0; i < want.length; i++) {
            if (want[i].equals("*") ? have[i].isEmpty() : !want[i].equals(have[i])) return false;
        }
        return true;
    }

    /** The {@code index}th segment of the route, counting from 1 after the leading slash. */
    String segment(int index) {
        return path.split("/", -1)[index];
    }

    /** Percent-escapes decoded as UTF-8; a malformed escape leaves the text as it is (the engine refuses it). */
    private static String decode(String text) {
        if (text.indexOf('%') < 0) return text;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] != '%') {
                out.write(bytes[i]);
                continue;
            }
            int hi = i + 2 < bytes.length ? Character.digit(bytes[i + 1], 16) : -1;
            int lo = hi < 0 ? -1 : Character.digit(bytes[i + 2], 16);
            if (lo < 0) return text;
            out.write(hi << 4 | lo);
            i += 2;
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** The path without empty, {@code .} and {@code ..} segments, as Go's {@code path.Clean} makes it. */
    private static String clean(String path) {
        if (!path.startsWith("/")) return path;
        Deque<String> kept = new ArrayDeque<>();
        for (String segment : path.split("/")) {
            if (segment.isEmpty() || segment.equals(".")) continue;
            if (segment.equals("..")) {
                kept.pollLast();
            } else {
                kept.addLast(segment);
            }
        }
        return "/" + String.join("/", kept);
    }
}
