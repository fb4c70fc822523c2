package dev.berth.ui.internal.web;

/**
 * The sites served on the dashboard's port under origins of their own (such as an extension's page at
 * {@code http://<id>.localhost:<port>/}): they answer without the dashboard's token, which they never see.
 */
@FunctionalInterface
public interface OriginSites {
    /** The action answering requests to this Host header, or null when the host is the dashboard's own. */
    Router.Action site(String host);
}
