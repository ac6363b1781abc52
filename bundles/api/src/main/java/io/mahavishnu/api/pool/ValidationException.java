package io.mahavishnu.api.pool;

/**
 * Bad input: names the field, the rejected value and what would be valid.
 * Front ends show {@link #getMessage()} as is, e.g.
 * {@code max_workers must be between 1 and 1000 (got: 5000)}.
 */
public class ValidationException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String field;
    private final transient Object value;

    /**
     * @param field the wire name of the field (snake_case)
     * @param value the rejected value, may be null
     * @param rule  what a valid value looks like
     */
    public ValidationException(String field, Object value, String rule) {
        super(field + " " + rule + " (got: " + render(value) + ")");
        this.field = field;
        this.value = value;
    }

    /**
     * Checks a numeric setting or argument.
     *
     * @param field the wire name of the field, named in the error
     * @param value the value
     * @param min   smallest valid value
     * @param max   largest valid value
     * @return {@code value}
     * @throws ValidationException unless {@code min ≤ value ≤ max}
     */
    public static int requireBetween(String field, int value, int min, int max) {
        if (value < min || value > max) {
            throw new ValidationException(field, value, "must be between " + min + " and " + max);
        }
        return value;
    }

    /**
     * Checks a numeric setting or argument.
     *
     * @param field the wire name of the field, named in the error
     * @param value the value
     * @param min   smallest valid value
     * @param max   largest valid value
     * @return {@code value}
     * @throws ValidationException unless {@code min ≤ value ≤ max}
     */
    public static long requireBetween(String field, long value, long min, long max) {
        if (value < min || value > max) {
            throw new ValidationException(field, value, "must be between " + min + " and " + max);
        }
        return value;
    }

    /** @return the wire name of the offending field */
    public String field() {
        return field;
    }

    /** @return the rejected value, may be null */
    public Object value() {
        return value;
    }

    private static String render(Object value) {
        if (value == null) {
            return "null";
        }
        return value instanceof CharSequence ? "'" + value + "'" : String.valueOf(value);
    }
}
