package dev.conv4j.explain.web;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** A request's query parameters, read with bounds: every number is checked against a range named in the error. */
final class Query {
    private final Map<String, String> values;

    private Query(Map<String, String> values) {
        this.values = values;
    }

    /** The parameters of {@code raw}, a query as sent (still percent-encoded), or null for none. */
    static Query of(String raw) {
        Map<String, String> values = new HashMap<>();
        if (raw != null && !raw.isEmpty()) {
            if (raw.length() > 4096) {
                throw ApiException.badRequest("query", "query of " + raw.length() + " characters is longer than 4096");
            }
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                String name = decode(eq < 0 ? pair : pair.substring(0, eq));
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
                values.put(name, value.strip());
            }
        }
        return new Query(values);
    }

    private static String decode(String encoded) {
        try {
            return URLDecoder.decode(encoded, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("query", "'" + (encoded.length() <= 40 ? encoded : encoded.substring(0, 40)
                    + "...") + "' in the query is not percent-encoded correctly (% must be followed by two hex digits)");
        }
    }

    String text(String name, String fallback) {
        String v = values.get(name);
        return v == null || v.isEmpty() ? fallback : v;
    }

    int integer(String name, int fallback, int min, int max) {
        String v = values.get(name);
        if (v == null || v.isEmpty()) {
            return fallback;
        }
        return parse(name, v, min, max);
    }

    /**
     * A comma-separated list of {@code count} numbers, or one number meaning all of them; each in
     * {@code [min, max]}.
     */
    int[] integers(String name, int count, int fallback, int min, int max) {
        String v = values.get(name);
        int[] out = new int[count];
        if (v == null || v.isEmpty()) {
            java.util.Arrays.fill(out, fallback);
            return out;
        }
        String[] parts = v.split("[,x\\s]+");
        if (parts.length != 1 && parts.length != count) {
            throw ApiException.badRequest(name, name + " '" + v + "' has " + parts.length + " values; give 1 or "
                    + count + " (one per spatial axis)");
        }
        for (int i = 0; i < count; i++) {
            out[i] = parse(name, parts[parts.length == 1 ? 0 : i], min, max);
        }
        return out;
    }

    /** Up to 8 comma-separated words. */
    String[] words(String name, String fallback) {
        String[] parts = text(name, fallback).split("[,\\s]+");
        if (parts.length > 8) {
            throw ApiException.badRequest(name, name + " lists " + parts.length + " items; at most 8");
        }
        return parts;
    }

    private static int parse(String name, String text, int min, int max) {
        int value;
        try {
            value = Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(name, name + " '" + text + "' is not a whole number");
        }
        if (value < min || value > max) {
            throw ApiException.badRequest(name, name + " " + value + " is outside " + min + ".." + max);
        }
        return value;
    }
}
