package io.mahavishnu.api.pool;

/**
 * An enum with a stable lowercase name on the wire (JSON, MCP, shell), e.g. {@code running}.
 * Front ends serialise {@link #wireName()}; they never rely on {@code name()}.
 */
public interface WireEnum {

    /** @return the lowercase name used on the wire */
    String wireName();

    /**
     * Looks up a constant by its wire name.
     *
     * @param type  the enum class
     * @param field the field being parsed, named in the error
     * @param value the wire name, case-insensitive
     * @param <E>   the enum type
     * @return the constant
     * @throws ValidationException naming the field, the value and the valid names
     */
    static <E extends Enum<E> & WireEnum> E parse(Class<E> type, String field, String value) {
        if (value != null) {
            for (E e : type.getEnumConstants()) {
                if (e.wireName().equalsIgnoreCase(value.trim())) {
                    return e;
                }
            }
        }
        StringBuilder valid = new StringBuilder();
        for (E e : type.getEnumConstants()) {
            valid.append(valid.length() == 0 ? "" : ", ").append(e.wireName());
        }
        throw new ValidationException(field, value, "must be one of: " + valid);
    }
}
