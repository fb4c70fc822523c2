package dev.berth.ui.internal.web;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** Maps a method and a path such as {@code /api/containers/{id}/start} to the action that answers it. */
public final class Router {
    /** Answers one routed request. */
    @FunctionalInterface
    public interface Action {
        /** Handles the request; may complete later. */
        CompletableFuture<Reply> handle(Request request) throws Exception;
    }

    /**
     * The outcome of matching a path.
     *
     * @param action the action, or null when nothing matched
     * @param vars   the route variables
     * @param status 200 when found, 404 for an unknown path, 405 for a known path with another method
     */
    public record Match(Action action, Map<String, String> vars, int status) {
    }

    private record Route(String method, String[] segments, Action action) {
    }

    private final List<Route> routes = new ArrayList<>();

    /** Adds a route; {@code {name}} segments match one path segment each. */
    public Router add(String method, String pattern, Action action) {
        routes.add(new Route(method, split(pattern), action));
        return this;
    }

    /** Finds the route for a request. */
    public Match match(String method, String path) {
        String[] segments = split(path);
        boolean pathKnown = false;
        for (Route route : routes) {
            Map<String, String> vars = bind(route.segments(), segments);
            if (vars == null) continue;
            if (route.method().equals(method)) return new Match(route.action(), vars, 200);
            pathKnown = true;
        }
        return new Match(null, Map.of(), pathKnown ? 405 : 404);
    }

    private static Map<String, String> bind(String[] pattern, String[] path) {
        if (pattern.length != path.length) return null;
        Map<String, String> vars = new LinkedHashMap<>();
        for (int i = 0; i < pattern.length; i++) {
            String p = pattern[i];
            if (p.startsWith("{") && p.endsWith("}")) {
                if (path[i].isEmpty()) return null;
                vars.put(p.substring(1, p.length() - 1), path[i]);
            } else if (!p.equals(path[i])) {
                return null;
            }
        }
        return vars;
    }

    private static String[] split(String path) {
        String trimmed = path.startsWith("/") ? path.substring(1) : path;
        return trimmed.isEmpty() ? new String[0] : trimmed.split("/", -1);
    }
}
