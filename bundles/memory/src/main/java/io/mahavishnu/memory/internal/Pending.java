package io.mahavishnu.memory.internal;

/**
 * Delivery state of one item for one sink while it is not delivered, as stored in the outbox
 * ({@code attempts|strikes|nextAt|lastFailureAt|error}).
 *
 * @param attempts      failed attempts so far
 * @param strikes       failures while the sink took other items (evidence that this item is the problem)
 * @param nextAt        earliest next attempt, epoch millis (0 = now)
 * @param lastFailureAt when the last attempt failed, epoch millis (0 = never)
 * @param lastError     its error, empty if none
 */
record Pending(int attempts, int strikes, long nextAt, long lastFailureAt, String lastError) {

    static final Pending FRESH = new Pending(0, 0, 0, 0, "");

    String encode() {
        return attempts + "|" + strikes + "|" + nextAt + "|" + lastFailureAt + "|" + lastError;
    }

    static Pending decode(String s) {
        String[] p = s.split("\\|", 5);
        return new Pending(Integer.parseInt(p[0]), Integer.parseInt(p[1]), Long.parseLong(p[2]),
                Long.parseLong(p[3]), p.length > 4 ? p[4] : "");
    }

    Pending failed(long now, long retryAt, boolean strike, String error) {
        return new Pending(attempts + 1, strikes + (strike ? 1 : 0), retryAt, now, error == null ? "" : error);
    }

    Pending dueNow() {
        return new Pending(attempts, strikes, 0, lastFailureAt, lastError);
    }
}
