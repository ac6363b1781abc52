package io.mahavishnu.mcp.internal;

/**
 * What a tool call returns before it is put on the wire.
 *
 * @param value      the result in the original's shape (a wire record, list or map); rendered as the text content
 * @param structured the structured content: {@code value} itself when it is an object, else wrapped in one
 * @param isError    whether the call failed (the value is then a failure record)
 */
record Outcome(Object value, Object structured, boolean isError) {

    static Outcome ok(Object value) {
        return new Outcome(value, value, false);
    }

    /** @param value a list result @param key the key holding it in the structured content */
    static Outcome okList(Object value, String key) {
        return new Outcome(value, java.util.Map.of(key, value), false);
    }

    static Outcome error(Object value) {
        return new Outcome(value, value, true);
    }

    static Outcome failed(String poolId, String message) {
        return error(Wire.Failure.of(poolId, message));
    }
}
