package io.mahavishnu.mcp.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Builds a tool's input JSON Schema (an object with typed, documented properties) as plain maps. */
final class Schema {

    private final Map<String, Object> properties = new LinkedHashMap<>();
    private final List<String> required = new ArrayList<>();

    static Schema object() {
        return new Schema();
    }

    Schema string(String name, String description, String defaultValue, boolean isRequired) {
        Map<String, Object> p = prop("string", description, defaultValue);
        p.put("minLength", 1);
        return add(name, p, isRequired);
    }

    Schema choice(String name, String description, String defaultValue, Collection<String> values) {
        Map<String, Object> p = prop("string", description, defaultValue);
        if (!values.isEmpty()) {
            p.put("enum", List.copyOf(new TreeSet<>(values)));
        }
        return add(name, p, false);
    }

    Schema integer(String name, String description, Integer defaultValue, int min, int max, boolean isRequired) {
        Map<String, Object> p = prop("integer", description, defaultValue);
        p.put("minimum", min);
        p.put("maximum", max);
        return add(name, p, isRequired);
    }

    Schema bool(String name, String description, boolean defaultValue) {
        return add(name, prop("boolean", description, defaultValue), false);
    }

    Schema stringMap(String name, String description) {
        Map<String, Object> p = prop("object", description, null);
        p.put("additionalProperties", Map.of("type", List.of("string", "number", "boolean")));
        return add(name, p, false);
    }

    Schema stringList(String name, String description) {
        Map<String, Object> p = prop("array", description, null);
        p.put("items", Map.of("type", "string", "minLength", 1));
        return add(name, p, false);
    }

    /** @return the property names, for argument checking */
    Set<String> names() {
        return Set.copyOf(properties.keySet());
    }

    /** @return the schema as a JSON object */
    Map<String, Object> build() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("type", "object");
        s.put("properties", properties);
        if (!required.isEmpty()) {
            s.put("required", List.copyOf(required));
        }
        s.put("additionalProperties", false);
        return s;
    }

    private Schema add(String name, Map<String, Object> p, boolean isRequired) {
        properties.put(name, p);
        if (isRequired) {
            required.add(name);
        }
        return this;
    }

    private static Map<String, Object> prop(String type, String description, Object defaultValue) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("type", type);
        p.put("description", description);
        if (defaultValue != null) {
            p.put("default", defaultValue);
        }
        return p;
    }
}
