package dev.conv4j.io;

/**
 * Makes text from a file safe to print on one line of a terminal: bytes a hostile header may hold
 * (line breaks, escape sequences, other control characters) are shown as escapes.
 */
public final class Printable {
    private Printable() {
    }

    /**
     * {@code text} with every control character written as {@code \n}, {@code \r}, {@code \t} or
     * {@code \xNN}, and every other non-printable character (unassigned, surrogates, formatting
     * such as bidirectional overrides) as {@code \}{@code uNNNN}; printable text is unchanged.
     */
    public static String escape(String text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            String replacement = replacement(c);
            if (replacement != null && out == null) {
                out = new StringBuilder(text.length() + 16).append(text, 0, i);
            }
            if (out != null) {
                if (replacement != null) {
                    out.append(replacement);
                } else {
                    out.append(c);
                }
            }
        }
        return out == null ? text : out.toString();
    }

    private static String replacement(char c) {
        return switch (c) {
            case '\n' -> "\\n";
            case '\r' -> "\\r";
            case '\t' -> "\\t";
            default -> {
                if (c < 0x20 || (c >= 0x7f && c < 0xa0)) {
                    yield String.format("\\x%02x", (int) c);
                }
                int type = Character.getType(c);
                boolean hidden = type == Character.UNASSIGNED || type == Character.SURROGATE
                        || type == Character.FORMAT || type == Character.PRIVATE_USE
                        || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR;
                yield hidden ? String.format("\\u%04x", (int) c) : null;
            }
        };
    }
}
