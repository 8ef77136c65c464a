package dev.conv4j.draw;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a mark means, for the SVG and the interactive page: a {@code class} and {@code data-*}
 * attributes ({@code class="cell pad pad-after" data-c="3,8"}). The raster backend ignores them.
 */
public record Attributes(Map<String, String> values) {
    public static final Attributes NONE = new Attributes(Map.of());

    public Attributes {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        for (String name : values.keySet()) {
            if (!name.matches("class|id|data-[a-z][a-z0-9-]*")) {
                throw new IllegalArgumentException("attribute '" + name + "' is not class, id or data-*");
            }
        }
    }

    /** Name-value pairs in order: {@code of("class", "cell", "data-c", "1,2")}. */
    public static Attributes of(String... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("attributes come in name, value pairs");
        }
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            map.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return new Attributes(map);
    }

    public static Attributes cssClass(String cssClass) {
        return of("class", cssClass);
    }
}
