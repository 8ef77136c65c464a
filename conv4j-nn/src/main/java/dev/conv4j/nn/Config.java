package dev.conv4j.nn;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A layer's settings as Keras writes them in {@code model.to_json()} ({@code filters},
 * {@code kernel_size}, {@code padding}, ...): built with {@link #put} when saving, read with
 * typed getters that name the missing or malformed key when loading.
 */
public final class Config {
    private final String owner;
    private final Map<String, Object> values;

    private Config(String owner, Map<String, Object> values) {
        this.owner = owner;
        this.values = values;
    }

    /** An empty configuration of {@code owner} (a layer name, for messages). */
    public static Config of(String owner) {
        return new Config(owner, new LinkedHashMap<>());
    }

    /** Reads a parsed JSON object (values: String, Number, Boolean, List, Map). */
    public static Config parsed(String owner, Map<String, Object> values) {
        return new Config(owner, new LinkedHashMap<>(values));
    }

    public Config put(String key, Object value) {
        values.put(key, value instanceof int[] ints ? java.util.Arrays.stream(ints).boxed().toList() : value);
        return this;
    }

    public Map<String, Object> asMap() {
        return Collections.unmodifiableMap(values);
    }

    public boolean has(String key) {
        return values.containsKey(key) && values.get(key) != null;
    }

    private Object required(String key) {
        Object v = values.get(key);
        if (v == null) {
            throw new IllegalArgumentException(owner + ": the configuration has no '" + key + "'");
        }
        return v;
    }

    public int integer(String key) {
        Object v = required(key);
        if (v instanceof Number n && n.doubleValue() == n.intValue()) {
            return n.intValue();
        }
        throw new IllegalArgumentException(owner + ": '" + key + "' must be a whole number, got " + v);
    }

    public double number(String key) {
        Object v = required(key);
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        throw new IllegalArgumentException(owner + ": '" + key + "' must be a number, got " + v);
    }

    public boolean bool(String key) {
        Object v = required(key);
        if (v instanceof Boolean b) {
            return b;
        }
        throw new IllegalArgumentException(owner + ": '" + key + "' must be true or false, got " + v);
    }

    public String string(String key) {
        Object v = required(key);
        if (v instanceof String s) {
            return s;
        }
        throw new IllegalArgumentException(owner + ": '" + key + "' must be a string, got " + v);
    }

    /** A list of whole numbers, or a single one (Keras accepts {@code kernel_size: 3}). */
    public int[] integers(String key) {
        Object v = required(key);
        if (v instanceof Number) {
            return new int[] {integer(key)};
        }
        if (v instanceof List<?> list) {
            int[] out = new int[list.size()];
            for (int i = 0; i < out.length; i++) {
                if (!(list.get(i) instanceof Number n) || n.doubleValue() != n.intValue()) {
                    throw new IllegalArgumentException(owner + ": '" + key + "' must list whole numbers, got " + v);
                }
                out[i] = n.intValue();
            }
            return out;
        }
        throw new IllegalArgumentException(owner + ": '" + key + "' must be a list of whole numbers, got " + v);
    }

    public Object raw(String key) {
        return required(key);
    }
}
