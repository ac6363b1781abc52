package io.mahavishnu.api.manager;

/**
 * How to route one task.
 *
 * @param strategy    strategy name; null = the manager's default
 * @param affinityKey for {@code affinity}: a pool id or any key (e.g. a session id); null if none
 */
public record RouteOptions(String strategy, String affinityKey) {

    /** Default strategy, no affinity. */
    public static final RouteOptions DEFAULT = new RouteOptions(null, null);

    /** @param name strategy name @return options using that strategy */
    public static RouteOptions strategy(String name) {
        return new RouteOptions(name, null);
    }

    /** @param key affinity key @return options for the {@code affinity} strategy with that key */
    public static RouteOptions affinity(String key) {
        return new RouteOptions("affinity", key);
    }
}
