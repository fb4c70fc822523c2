package dev.berth.extensions.internal;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Turns what the framework says about a bundle that cannot run into one sentence for users. */
final class Reasons {
    private static final Pattern PACKAGE = Pattern.compile("\\(osgi\\.wiring\\.package=([^)]+)\\)");
    private static final Pattern SERVICE = Pattern.compile("\\(objectClass=([^)]+)\\)");

    private Reasons() {
    }

    /**
     * The reason for requirements no bundle offers.
     *
     * @param missing each unmet requirement as namespace and filter, such as {@code osgi.wiring.package} and
     *                {@code (&(osgi.wiring.package=com.example)(version>=1.0.0))}
     */
    static String unresolved(List<String[]> missing) {
        StringBuilder b = new StringBuilder("unresolved: ");
        for (int i = 0; i < missing.size(); i++) {
            if (i > 0) b.append("; ");
            b.append(requirement(missing.get(i)[0], missing.get(i)[1]));
        }
        return b.toString();
    }

    /** One unmet requirement in words. */
    static String requirement(String namespace, String filter) {
        if (namespace.equals("osgi.wiring.package")) {
            Matcher m = PACKAGE.matcher(filter);
            if (m.find()) return "no bundle exports package " + m.group(1) + versions(filter);
        }
        if (namespace.equals("osgi.service")) {
            Matcher m = SERVICE.matcher(filter);
            if (m.find()) return "no bundle offers service " + m.group(1);
        }
        return "missing " + namespace + " " + filter;
    }

    /** The cause of an exception chain that says the most, as {@code Type: message}. */
    static String exception(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        String message = root.getMessage();
        String type = root.getClass().getSimpleName();
        return message == null || message.isBlank() ? type : type + ": " + firstLine(message);
    }

    /** The first line of a longer text, such as the failure the component runtime reports with its stack. */
    static String firstLine(String text) {
        int end = text.indexOf('\n');
        return (end < 0 ? text : text.substring(0, end)).strip();
    }

    private static String versions(String filter) {
        Matcher m = Pattern.compile("\\(version>=([^)]+)\\)").matcher(filter);
        return m.find() ? " (version " + m.group(1) + " or later)" : "";
    }
}
