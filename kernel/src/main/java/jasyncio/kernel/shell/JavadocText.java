package jasyncio.kernel.shell;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Javadoc comment (as JShell's documentation gives it: raw, with HTML and tags) as plain
 * text for an inspect reply: inline tags resolved ({@code {@code x}} to x, {@code {@link
 * A#b}} to A.b), HTML reduced to line breaks and list bullets, block tags gathered under
 * headings (Parameters, Returns, Throws).
 */
final class JavadocText {
    private static final Pattern TAG = Pattern.compile("<(/?)([a-zA-Z0-9]+)[^>]*>");
    private static final Pattern BLOCK_TAG = Pattern.compile("^@(\\w+)\\s*(.*)$", Pattern.DOTALL);
    private static final Map<String, String> HEADINGS = Map.of("param", "Parameters", "return", "Returns",
            "throws", "Throws", "exception", "Throws", "see", "See also", "since", "Since", "deprecated", "Deprecated",
            "apiNote", "API note", "implNote", "Implementation note", "implSpec", "Implementation requirements");

    private JavadocText() {
    }

    static String toPlainText(String javadoc) {
        List<String> lines = new ArrayList<>();
        for (String line : javadoc.split("\n", -1)) {
            lines.add(line.startsWith(" ") ? line.substring(1) : line);
        }
        StringBuilder description = new StringBuilder();
        Map<String, List<String>> blocks = new LinkedHashMap<>();
        StringBuilder block = null;
        String blockName = null;
        for (String line : lines) {
            Matcher m = BLOCK_TAG.matcher(line.strip());
            if (m.matches() && !line.strip().startsWith("@{")) {
                flush(blocks, blockName, block);
                blockName = m.group(1);
                block = new StringBuilder(m.group(2));
            } else if (block != null) {
                block.append('\n').append(line);
            } else {
                description.append(line).append('\n');
            }
        }
        flush(blocks, blockName, block);

        StringBuilder out = new StringBuilder(html(inlineTags(description.toString())).strip());
        for (Map.Entry<String, List<String>> entry : blocks.entrySet()) {
            String heading = HEADINGS.get(entry.getKey());
            if (heading == null) {
                continue;
            }
            out.append("\n\n").append(heading).append(':');
            for (String text : entry.getValue()) {
                String plain = html(inlineTags(text)).strip().replaceAll("\\s*\n\\s*", " ");
                if (entry.getKey().equals("param") || entry.getKey().startsWith("throw") || entry.getKey().equals("exception")) {
                    plain = plain.replaceFirst("^(\\S+)\\s+", "$1 - ");
                }
                out.append("\n  ").append(plain);
            }
        }
        return out.toString().strip();
    }

    private static void flush(Map<String, List<String>> blocks, String name, StringBuilder text) {
        if (name != null) {
            blocks.computeIfAbsent(name, k -> new ArrayList<>()).add(text.toString());
        }
    }

    /** {@code {@code x}}, {@code {@link A#b label}} and friends, with nested braces counted. */
    private static String inlineTags(String s) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < s.length()) {
            int open = s.indexOf("{@", i);
            if (open < 0) {
                out.append(s, i, s.length());
                break;
            }
            out.append(s, i, open);
            int depth = 0;
            int close = open;
            for (; close < s.length(); close++) {
                char c = s.charAt(close);
                if (c == '{') {
                    depth++;
                } else if (c == '}' && --depth == 0) {
                    break;
                }
            }
            String body = s.substring(open + 2, Math.min(close, s.length()));
            int space = body.indexOf(' ') < 0 ? body.length() : body.indexOf(' ');
            String tag = body.substring(0, space).strip();
            String rest = body.substring(space).strip();
            out.append(switch (tag) {
                case "link", "linkplain" -> linkText(rest);
                case "inheritDoc" -> "";
                case "code", "literal" -> rest.replace("<", "&lt;").replace(">", "&gt;"); // kept through html()
                default -> rest;
            });
            i = Math.min(close + 1, s.length());
        }
        return out.toString();
    }

    /** {@code A#b(int) label} shows the label; without one, {@code A.b(int)}. */
    private static String linkText(String reference) {
        int close = reference.indexOf(')');
        int space = reference.indexOf(' ', reference.indexOf('(') < 0 || close < 0 ? 0 : close);
        if (space > 0) {
            return reference.substring(space + 1).strip();
        }
        return reference.startsWith("#") ? reference.substring(1) : reference.replace('#', '.');
    }

    private static String html(String s) {
        Matcher m = TAG.matcher(s);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(2).toLowerCase();
            String replacement = switch (name) {
                case "p", "br", "ul", "ol", "pre", "blockquote", "table", "tr", "dl" -> "\n";
                case "li", "dt" -> m.group(1).isEmpty() ? "\n - " : "";
                case "dd" -> m.group(1).isEmpty() ? "\n     " : "";
                case "td", "th" -> m.group(1).isEmpty() ? " " : "";
                default -> "";
            };
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString().replaceAll("\n{3,}", "\n\n")
                .replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'")
                .replace("&nbsp;", " ").replace("&amp;", "&");
    }
}
