package dev.conv4j.io;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Parses the Python dict literal of an {@code .npy} header, such as
 * {@code {'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }}.
 *
 * <p>It reads the part of Python's literal syntax NumPy headers use: strings, {@code True} and
 * {@code False}, whole numbers (with Python 2's {@code L} suffix), tuples and lists. Values
 * become {@link String}, {@link Boolean}, {@link Long}, {@link Tuple} and {@link List}. As in
 * Python, {@code (5)} is the number 5 and {@code (5,)} a tuple.
 */
final class PythonLiteralParser {
    /** How much of a bad header an error message quotes. */
    private static final int QUOTED_CHARS = 200;
    /**
     * How deeply tuples and lists may nest. A NumPy header nests at most two levels (a shape
     * tuple inside the dict); the limit keeps a hostile header from exhausting the stack.
     */
    private static final int MAX_DEPTH = 32;

    /** A Python tuple; its {@link #toString()} is Python's repr, e.g. {@code (5,)} or {@code (2, 3)}. */
    record Tuple(List<Object> items) {
        @Override
        public String toString() {
            return pythonTuple(items);
        }
    }

    private final String text;
    private final String source;
    private int position;
    private int depth;

    private PythonLiteralParser(String text, String source) {
        this.text = text;
        this.source = source;
    }

    /**
     * The entries of the dict literal that is all of {@code text} (surrounding whitespace aside),
     * in the order written.
     *
     * @throws NpyFormatException naming {@code source} where the text is not such a dict
     */
    static Map<String, Object> parseDict(String text, String source) throws NpyFormatException {
        PythonLiteralParser parser = new PythonLiteralParser(text, source);
        Map<String, Object> dict = parser.dict();
        parser.skipWhitespace();
        if (parser.position < text.length()) {
            throw parser.malformed("unexpected text after the dict");
        }
        return dict;
    }

    /** Python's repr of a tuple of these items: {@code ()}, {@code (5,)}, {@code (2, 3)}. */
    static String pythonTuple(List<?> items) {
        String joined = items.stream().map(PythonLiteralParser::repr).collect(Collectors.joining(", "));
        return "(" + joined + (items.size() == 1 ? ",)" : ")");
    }

    /** Python's repr of a parsed value, for messages that quote the header. */
    static String repr(Object value) {
        return switch (value) {
            case String string -> "'" + string + "'";
            case Boolean bool -> bool ? "True" : "False";
            case List<?> list -> list.stream()
                    .map(PythonLiteralParser::repr)
                    .collect(Collectors.joining(", ", "[", "]"));
            default -> String.valueOf(value);
        };
    }

    private Map<String, Object> dict() throws NpyFormatException {
        expect('{', "the header to start with '{'");
        Map<String, Object> entries = new LinkedHashMap<>();
        while (!skipWhitespaceAndTake('}')) {
            int keyPosition = position;
            if (!(value() instanceof String key)) {
                position = keyPosition;
                throw malformed("expected a quoted key");
            }
            expect(':', "':' after key '" + key + "'");
            Object value = value();
            if (entries.putIfAbsent(key, value) != null) {
                position = keyPosition;
                throw malformed("key '" + key + "' appears twice");
            }
            if (!skipWhitespaceAndTake(',')) {
                expect('}', "',' or '}' after the value of '" + key + "'");
                break;
            }
        }
        return entries;
    }

    private Object value() throws NpyFormatException {
        skipWhitespace();
        if (position >= text.length()) {
            throw malformed("expected a value but the header ends");
        }
        char first = text.charAt(position);
        return switch (first) {
            case '\'', '"' -> string(first);
            case '(' -> parenthesised();
            case '[' -> sequence(']').items();
            default -> first == '-' || isDigit(first) ? integer() : keyword();
        };
    }

    private String string(char quote) throws NpyFormatException {
        position++;
        StringBuilder content = new StringBuilder();
        while (position < text.length()) {
            char c = text.charAt(position++);
            if (c == quote) {
                return content.toString();
            }
            if (c == '\\') {
                if (position >= text.length() || "\\'\"".indexOf(text.charAt(position)) < 0) {
                    throw malformed("unsupported escape in a string");
                }
                c = text.charAt(position++);
            }
            content.append(c);
        }
        throw malformed("unterminated string");
    }

    /** A tuple, or, as in Python, a lone parenthesised value when there is no comma. */
    private Object parenthesised() throws NpyFormatException {
        Sequence sequence = sequence(')');
        if (sequence.items().size() == 1 && !sequence.trailingComma()) {
            return sequence.items().getFirst();
        }
        return new Tuple(sequence.items());
    }

    private record Sequence(List<Object> items, boolean trailingComma) {
    }

    /** Items between the opening bracket at the current position and {@code close}. */
    private Sequence sequence(char close) throws NpyFormatException {
        if (++depth > MAX_DEPTH) {
            throw malformed("tuples and lists nested more than " + MAX_DEPTH + " deep");
        }
        position++;
        List<Object> items = new ArrayList<>();
        boolean trailingComma = false;
        while (!skipWhitespaceAndTake(close)) {
            items.add(value());
            trailingComma = skipWhitespaceAndTake(',');
            if (!trailingComma) {
                expect(close, "',' or '" + close + "'");
                break;
            }
        }
        depth--;
        return new Sequence(List.copyOf(items), trailingComma);
    }

    private Long integer() throws NpyFormatException {
        int start = position;
        boolean negative = text.charAt(position) == '-';
        if (negative) {
            position++;
            skipWhitespace();
        }
        if (position >= text.length() || !isDigit(text.charAt(position))) {
            throw malformed("expected digits");
        }
        long magnitude = 0;
        try {
            while (position < text.length() && isDigit(text.charAt(position))) {
                magnitude = Math.addExact(Math.multiplyExact(magnitude, 10), text.charAt(position++) - '0');
            }
        } catch (ArithmeticException tooLarge) {
            position = start;
            throw malformed("number too large");
        }
        if (position < text.length() && (text.charAt(position) == 'L' || text.charAt(position) == 'l')) {
            position++; // Python 2's long suffix, found in files NumPy wrote under Python 2
        }
        return negative ? -magnitude : magnitude;
    }

    private Boolean keyword() throws NpyFormatException {
        int start = position;
        while (position < text.length() && Character.isLetterOrDigit(text.charAt(position))) {
            position++;
        }
        String word = text.substring(start, position);
        return switch (word) {
            case "True" -> true;
            case "False" -> false;
            default -> {
                String found = word.isEmpty() ? String.valueOf(text.charAt(start)) : word;
                position = start;
                throw malformed("unexpected '" + found + "'");
            }
        };
    }

    private void expect(char wanted, String what) throws NpyFormatException {
        if (!skipWhitespaceAndTake(wanted)) {
            throw malformed("expected " + what);
        }
    }

    /** Skips whitespace, then consumes {@code wanted} if it comes next. */
    private boolean skipWhitespaceAndTake(char wanted) {
        skipWhitespace();
        if (position < text.length() && text.charAt(position) == wanted) {
            position++;
            return true;
        }
        return false;
    }

    private void skipWhitespace() {
        while (position < text.length() && " \t\n\r\f".indexOf(text.charAt(position)) >= 0) {
            position++;
        }
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private NpyFormatException malformed(String problem) {
        String shown = text.stripTrailing();
        if (shown.length() > QUOTED_CHARS) {
            shown = shown.substring(0, QUOTED_CHARS) + "...";
        }
        return new NpyFormatException(source, "malformed header dict: " + problem
                + " at character " + position + " of " + shown);
    }
}
