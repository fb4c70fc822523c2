package dev.berth.image.internal.build;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses the text that {@code apt-cache depends} and {@code apt-cache show} print. */
final class AptOutput {
    private static final Pattern RELATION = Pattern.compile("^ ([ |])(Depends|PreDepends): (.+)$");

    /**
     * One choice of a dependency.
     *
     * @param name      the package name, without an {@code :any} qualifier
     * @param virtual   whether no package has this name and only {@code providers} can satisfy it
     * @param providers the real packages that provide {@code name}, in apt's order
     */
    record Alternative(String name, boolean virtual, List<String> providers) {
    }

    private AptOutput() {
    }

    /**
     * The dependencies (Depends and Pre-Depends) of each package in {@code apt-cache depends} output, each a list of
     * alternatives; virtual packages, printed as {@code <name>} headers, are left out.
     */
    static Map<String, List<List<Alternative>>> depends(String output) {
        Map<String, List<List<Alternative>>> result = new LinkedHashMap<>();
        List<List<Alternative>> current = null;
        List<Alternative> group = null;
        Alternative last = null;
        for (String line : output.split("\n")) {
            Matcher m = RELATION.matcher(line);
            if (!line.startsWith(" ") && !line.isBlank()) {
                current = line.startsWith("<") ? null : new ArrayList<>();
                if (current != null) {
                    result.put(line.strip(), current);
                }
                group = null;
                last = null;
            } else if (current != null && m.matches()) {
                String target = m.group(3).strip();
                boolean virtual = target.startsWith("<") && target.endsWith(">");
                String name = (virtual ? target.substring(1, target.length() - 1) : target).replace(":any", "");
                last = new Alternative(name, virtual, new ArrayList<>());
                if (group == null) {
                    group = new ArrayList<>();
                    current.add(group);
                }
                group.add(last);
                group = m.group(1).equals("|") ? group : null;
            } else if (last != null && line.startsWith("    ")) {
                last.providers().add(line.strip());
            } else {
                last = null;
            }
        }
        return result;
    }

    /** The fields of each package's first stanza in {@code apt-cache show} output. */
    static Map<String, Map<String, String>> show(String output) {
        Map<String, Map<String, String>> result = new LinkedHashMap<>();
        for (String stanza : output.split("\n\\s*\n")) {
            Map<String, String> fields = DebPackage.parseFields(stanza);
            if (fields.containsKey("Package")) {
                result.putIfAbsent(fields.get("Package"), fields);
            }
        }
        return result;
    }
}
