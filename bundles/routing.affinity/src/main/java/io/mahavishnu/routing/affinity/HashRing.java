package io.mahavishnu.routing.affinity;

import io.mahavishnu.api.routing.PoolCandidate;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Consistent-hash ring over one list of candidates: {@value #VNODES} points per pool, so removing a pool moves
 * only the keys that lived on it. Immutable; built once per candidate list.
 */
final class HashRing {

    /** Points per pool on the ring; more points spread keys more evenly. */
    static final int VNODES = 40;

    private final String[] ids;
    /** Pool id → its index in the candidate list. */
    private final Map<String, Integer> index;
    /** Ring positions, ascending. */
    private final long[] points;
    /** {@code owners[i]} = index (in the candidate list) of the pool owning {@code points[i]}. */
    private final int[] owners;

    HashRing(List<? extends PoolCandidate> candidates) {
        int n = candidates.size();
        ids = new String[n];
        index = new HashMap<>(n * 2);
        long[][] pairs = new long[n * VNODES][];
        for (int i = 0; i < n; i++) {
            ids[i] = candidates.get(i).poolId();
            index.putIfAbsent(ids[i], i);
            for (int v = 0; v < VNODES; v++) {
                pairs[i * VNODES + v] = new long[] {hash(ids[i] + '#' + v), i};
            }
        }
        Arrays.sort(pairs, (a, b) -> Long.compare(a[0], b[0]));
        points = new long[pairs.length];
        owners = new int[pairs.length];
        for (int i = 0; i < pairs.length; i++) {
            points[i] = pairs[i][0];
            owners[i] = (int) pairs[i][1];
        }
    }

    /** @return true if this ring was built for exactly these pools in this order */
    boolean covers(List<? extends PoolCandidate> candidates) {
        if (candidates.size() != ids.length) {
            return false;
        }
        for (int i = 0; i < ids.length; i++) {
            if (!ids[i].equals(candidates.get(i).poolId())) {
                return false;
            }
        }
        return true;
    }

    /** @return the index of the candidate with this pool id, -1 if none */
    int indexOf(String poolId) {
        Integer i = index.get(poolId);
        return i == null ? -1 : i;
    }

    /** @return the ring position where the walk for {@code key} starts */
    int start(String key) {
        int i = Arrays.binarySearch(points, hash(key));
        int pos = i >= 0 ? i : -i - 1;
        return pos == points.length ? 0 : pos;
    }

    int size() {
        return points.length;
    }

    /** @return the candidate index owning ring position {@code pos} (wrapping) */
    int owner(int pos) {
        return owners[pos % owners.length];
    }

    /** 64-bit FNV-1a over UTF-8 bytes, finished with the SplitMix64 mixer for an even spread. */
    static long hash(String s) {
        long h = 0xcbf29ce484222325L;
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        h = (h ^ (h >>> 30)) * 0xbf58476d1ce4e5b9L;
        h = (h ^ (h >>> 27)) * 0x94d049bb133111ebL;
        return h ^ (h >>> 31);
    }
}
