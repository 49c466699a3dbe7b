package jasyncio.kernel.maven;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What %maven shows: the table of what a resolution added, and %maven --list's tree; text/plain and text/html. */
final class LibraryViews {
    private LibraryViews() {
    }

    /** The table of a resolution: artifact, version, scope, size, repository, and what became of it. */
    static Map<String, Object> table(Libraries.Plan plan) {
        List<String[]> rows = new ArrayList<>();
        for (Resolution.Artifact a : plan.resolution().artifacts()) {
            String status = plan.added().contains(a) ? "added"
                    : plan.alreadyLoaded().contains(a) ? "already loaded"
                    : plan.notJars().contains(a) ? "not a jar: not on the class path"
                    : "not added: " + plan.conflicts().stream().filter(c -> c.wanted() == a).findFirst()
                            .map(c -> c.loaded().coordinates().version() + " is loaded").orElse("conflict");
            Coordinates c = a.coordinates();
            long size = a.size();
            rows.add(new String[] {c.groupId() + ":" + c.artifactId() + (c.classifier().isEmpty() ? "" : ":" + c.classifier()),
                    c.version(), a.scope(), size < 0 ? "" : Progress.size(size),
                    a.repository() + (a.downloaded() ? "" : " (local repository)"), status});
        }
        String[] header = {"artifact", "version", "scope", "size", "from", ""};
        Map<String, Object> bundle = new LinkedHashMap<>();
        bundle.put("text/plain", textTable(header, rows));
        bundle.put("text/html", htmlTable(header, rows));
        return bundle;
    }

    private static String textTable(String[] header, List<String[]> rows) {
        int[] widths = new int[header.length];
        List<String[]> all = new ArrayList<>();
        all.add(header);
        all.addAll(rows);
        for (String[] row : all) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        StringBuilder s = new StringBuilder();
        for (String[] row : all) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                line.append(i == 3 ? " ".repeat(widths[i] - row[i].length()) + row[i] : row[i] + " ".repeat(widths[i] - row[i].length()));
                line.append("  ");
            }
            s.append(line.toString().stripTrailing()).append('\n');
        }
        return s.toString().stripTrailing();
    }

    private static String htmlTable(String[] header, List<String[]> rows) {
        StringBuilder s = new StringBuilder("<table class=\"jasyncio-maven\"><thead><tr>");
        for (String h : header) {
            s.append("<th style=\"text-align:left\">").append(escape(h)).append("</th>");
        }
        s.append("</tr></thead><tbody>");
        for (String[] row : rows) {
            s.append("<tr>");
            for (int i = 0; i < row.length; i++) {
                s.append(i == 3 ? "<td style=\"text-align:right\">" : "<td style=\"text-align:left\">")
                        .append(i == 0 ? "<code>" + escape(row[i]) + "</code>" : escape(row[i])).append("</td>");
            }
            s.append("</tr>");
        }
        return s.append("</tbody></table>").toString();
    }

    /** %maven --list: each request, its tree as Maven mediated it, and where each artifact came from. */
    static String tree(Libraries libraries, boolean html) {
        StringBuilder s = new StringBuilder();
        List<Libraries.Entry> entries = libraries.entries();
        if (entries.isEmpty()) {
            s.append("No library loaded yet: %maven GROUP:ARTIFACT:VERSION adds one.");
        }
        for (Libraries.Entry e : entries) {
            if (e.classpath() != null) {
                s.append("%classpath ").append(e.classpath());
                if (e.classpathLibrary() != null) {
                    s.append("  (").append(e.classpathLibrary().coordinates()).append(')');
                }
                s.append('\n');
                continue;
            }
            s.append("%maven ").append(e.request()).append('\n');
            List<Resolution.Node> roots = e.plan().resolution().roots();
            for (int i = 0; i < roots.size(); i++) {
                node(s, e.plan(), roots.get(i), "", i == roots.size() - 1);
            }
        }
        String text = s.toString().stripTrailing();
        return html ? "<pre>" + escape(text) + "</pre>" : text;
    }

    private static void node(StringBuilder s, Libraries.Plan plan, Resolution.Node node, String indent, boolean last) {
        Coordinates c = node.coordinates();
        Resolution.Artifact a = plan.resolution().artifacts().stream()
                .filter(x -> x.coordinates().equals(c)).findFirst().orElse(null);
        s.append(indent).append(last ? "└─ " : "├─ ").append(c);
        if (node.scope() != null && !node.scope().isEmpty() && !node.scope().equals("compile")) {
            s.append(" [").append(node.scope()).append(']');
        }
        if (a != null) {
            s.append("  from ").append(a.repository());
            if (plan.alreadyLoaded().contains(a)) {
                s.append(", loaded before");
            } else if (!plan.added().contains(a)) {
                plan.conflicts().stream().filter(x -> x.wanted() == a).findFirst().ifPresent(x -> s.append(", NOT ADDED: cells see ")
                        .append(x.loaded().coordinates().version()).append(" (").append(x.loaded().origin()).append(')'));
            }
        }
        s.append('\n');
        List<Resolution.Node> children = node.children();
        for (int i = 0; i < children.size(); i++) {
            node(s, plan, children.get(i), indent + (last ? "   " : "│  "), i == children.size() - 1);
        }
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
