package io.mahavishnu.mcp.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.Map;

/**
 * Turns the {@link Wire} records into plain JSON values (maps, lists) with snake_case names, and into text.
 * The one place that knows the naming rules, so every tool renders the same way.
 */
final class WireMapper {

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private final ObjectMapper mapper = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .build();

    /** @param value a wire record, list or map @return it as plain JSON values (maps, lists, strings, numbers) */
    Object toPlain(Object value) {
        return mapper.convertValue(value, Object.class);
    }

    /** @param value a wire record @return it as a JSON object */
    Map<String, Object> toObject(Object value) {
        return mapper.convertValue(value, MAP);
    }

    /** @param value a wire value @return its JSON text, indented */
    String toText(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }
}
