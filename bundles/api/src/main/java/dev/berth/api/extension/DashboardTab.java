package dev.berth.api.extension;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A tab an extension bundle adds to the dashboard, served under {@code /extensions/<id>/} behind the dashboard's
 * own login; register it as a service (a DS component) and the dashboard shows it in its navigation at once.
 *
 * <p>A request under {@code /extensions/<id>/} goes first to {@link #handle}; when that gives no response, the file
 * of the same path under {@link #resources()} in the registering bundle is served ({@code index.html} for the tab's
 * own address). WebSockets the page opens under the same address go to {@link #connect}. The tab's page runs in a
 * frame of the dashboard, with the dashboard's origin.
 */
public interface DashboardTab {
    /** What an id may look like: it is one segment of the tab's address. */
    Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

    /** The tab's id, such as {@code disk-usage}: lower-case letters, digits and dashes. */
    String id();

    /** The name shown in the dashboard's navigation. */
    String title();

    /** The folder of the registering bundle that holds the tab's static files, such as {@code web}. */
    default String resources() {
        return "web";
    }

    /**
     * Answers a request under the tab's address, or gives empty so the static file of that path is served.
     * A handler that throws answers 500 with the exception's message; the dashboard and other tabs go on.
     *
     * @param request the request, its path relative to the tab's address (such as {@code api/df})
     */
    default Optional<TabResponse> handle(TabRequest request) throws Exception {
        return Optional.empty();
    }

    /**
     * Accepts a WebSocket the tab's page opened under the tab's address, or gives empty to refuse it (the socket is
     * closed with status 1008). Called on a thread of the socket's own, so it may take its time; keep {@code socket}
     * to send on it. When the tab's bundle goes away, its sockets are closed.
     *
     * @param request the opening request: method {@code GET}, its path relative to the tab's address (such as
     *                {@code live}), no query and no body
     * @param socket  the socket, to send on and to close
     * @since 1.3
     */
    default Optional<TabSocket.Listener> connect(TabRequest request, TabSocket socket) throws Exception {
        return Optional.empty();
    }
}
