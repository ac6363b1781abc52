package io.mahavishnu.pool.kubernetes.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Names and label values derived from pool and task ids. A Job name is
 * {@code mahavishnu-<pool part>-<task part>[-<n>]}: a DNS label of at most 63 characters (the Job controller
 * copies it into the {@code job-name} label of the pods, which allows no more). The pool part is the pool id's
 * random suffix, so pools never collide; the task part is the task id when it is already a valid, short name,
 * else a cleaned, shortened form plus a hash of the full id, so distinct ids never share a name.
 */
final class JobNames {

    static final String PREFIX = "mahavishnu-";
    /** Longest Job name (a label value holds at most 63 characters). */
    static final int MAX_NAME = 63;
    private static final int HASH_CHARS = 8;
    /** Room left for {@code -<n>} when a name is taken. */
    private static final int SUFFIX_ROOM = 4;

    private JobNames() {
    }

    /** @return the part of every Job name of this pool that identifies it, e.g. {@code ab12cd34ef56} */
    static String poolPart(String poolId) {
        int sep = poolId.lastIndexOf('_');
        String tail = sep >= 0 ? poolId.substring(sep + 1) : poolId;
        String clean = clean(tail);
        return clean.equals(tail) && clean.length() <= 16 ? clean
                : shorten(clean, 16 - HASH_CHARS - 1) + hash(poolId);
    }

    /** @return the task id as a label value: itself when valid, else cleaned and hashed (≤ 63 characters) */
    static String taskPart(String taskId, int maxLength) {
        String clean = clean(taskId);
        if (clean.equals(taskId) && clean.length() <= maxLength) {
            return clean;
        }
        String head = shorten(clean, maxLength - HASH_CHARS - 1);
        return head + hash(taskId);
    }

    /**
     * @param poolId  the pool
     * @param taskId  the task
     * @param attempt 1 for the first choice; higher when the name was taken
     * @return a valid Job name, unique for distinct (pool, task, attempt)
     */
    static String jobName(String poolId, String taskId, int attempt) {
        String head = PREFIX + poolPart(poolId) + "-";
        String task = taskPart(taskId, MAX_NAME - head.length() - SUFFIX_ROOM);
        return attempt <= 1 ? head + task : head + task + "-" + attempt;
    }

    /** @return the task id as the value of the {@code task} label */
    static String taskLabel(String taskId) {
        return taskPart(taskId, MAX_NAME);
    }

    /** Lowercase, characters other than a-z, 0-9 and '-' become '-', no leading or trailing '-'. */
    private static String clean(String s) {
        String lower = s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]+", "-");
        return lower.replaceAll("^-+|-+$", "");
    }

    /** @return at most {@code max} characters ending alphanumeric, followed by '-' (empty if nothing is left) */
    private static String shorten(String clean, int max) {
        String head = clean.length() > max ? clean.substring(0, max) : clean;
        head = head.replaceAll("-+$", "");
        return head.isEmpty() ? "" : head + "-";
    }

    private static String hash(String s) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d).substring(0, HASH_CHARS);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
