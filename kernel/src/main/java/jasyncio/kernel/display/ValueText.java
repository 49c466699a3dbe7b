package jasyncio.kernel.display;

import java.lang.reflect.Array;

/**
 * The text/plain form of a value, with JShell's rules (its DirectExecutionControl.valueString):
 * strings and chars quoted with escapes, arrays as {@code int[3] { 1, 2, 3 }}, anything else by
 * {@code toString()}. A notebook user sees what the jshell tool would show.
 */
public final class ValueText {
    private ValueText() {
    }

    public static String of(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof String s) {
            return quoted(s, '"');
        }
        if (value instanceof Character c) {
            return quoted(String.valueOf(c.charValue()), '\'');
        }
        if (value.getClass().isArray()) {
            return array(value);
        }
        return value.toString();
    }

    private static String quoted(String s, char quote) {
        StringBuilder out = new StringBuilder(s.length() + 2).append(quote);
        int index = 0;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            if (cp == quote) {
                out.append('\\').append(quote);
            } else {
                appendEscaped(out, cp, index);
            }
            index++;
        }
        return out.append(quote).toString();
    }

    private static void appendEscaped(StringBuilder out, int cp, int index) {
        switch (cp) {
            case '\b' -> out.append("\\b");
            case '\t' -> out.append("\\t");
            case '\n' -> out.append("\\n");
            case '\f' -> out.append("\\f");
            case '\r' -> out.append("\\r");
            case '\\' -> out.append("\\\\");
            default -> {
                if (cp < 256 && Character.isISOControl(cp)) {
                    out.append(String.format("\\%03o", cp));
                } else if (index == 0 && isCombiningMark(cp)) {
                    // a leading combining mark would merge into the opening quote
                    out.append(String.format("\\u%04X", cp));
                } else {
                    out.appendCodePoint(cp);
                }
            }
        }
    }

    private static boolean isCombiningMark(int cp) {
        Character.UnicodeBlock block = Character.UnicodeBlock.of(cp);
        return block == Character.UnicodeBlock.COMBINING_DIACRITICAL_MARKS
                || block == Character.UnicodeBlock.COMBINING_DIACRITICAL_MARKS_EXTENDED
                || block == Character.UnicodeBlock.COMBINING_DIACRITICAL_MARKS_SUPPLEMENT;
    }

    private static String array(Object array) {
        int dims = 0;
        Class<?> element = array.getClass();
        while (element.getComponentType() != null) {
            element = element.getComponentType();
            dims++;
        }
        String name = element.getTypeName();
        int length = Array.getLength(array);
        StringBuilder out = new StringBuilder(name.substring(name.lastIndexOf('.') + 1));
        out.append('[').append(length).append(']');
        out.append("[]".repeat(dims - 1));
        out.append(" { ");
        for (int i = 0; i < length; i++) {
            if (i > 0) {
                out.append(", ");
            }
            out.append(of(Array.get(array, i)));
        }
        return out.append(" }").toString();
    }
}
