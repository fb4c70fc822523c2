package dev.berth.api.extension;

/**
 * One WebSocket a page of an extension's tab opened under the tab's address, such as
 * {@code new WebSocket('live')} from {@code /extensions/<id>/}; the dashboard's login guards it as it guards the
 * tab's pages. The extension accepts it in {@link DashboardTab#connect} and sends on it from any thread.
 */
public interface TabSocket {
    /** Sends a text message to the page; does nothing once the socket is closed. It does not wait for the page. */
    void send(String text);

    /** Closes the socket normally; the page's {@code onclose} runs. */
    void close();

    /** Whether the page is still connected. */
    boolean isOpen();

    /**
     * What the extension does with one socket: the dashboard calls it on a thread of the socket's own, one call at
     * a time, in the order the page sent its messages. A listener that throws closes the socket (status 1011).
     */
    interface Listener {
        /** A text message from the page. */
        default void onText(String text) throws Exception {
        }

        /** The socket closed: the page left, the extension closed it, or the extension's bundle went away. */
        default void onClose() {
        }
    }
}
