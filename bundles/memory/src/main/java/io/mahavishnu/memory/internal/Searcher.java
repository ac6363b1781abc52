package io.mahavishnu.memory.internal;

import io.mahavishnu.api.memory.MemoryItem;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cross-pool search: asks the remote search (Session-Buddy) when it is available, else — or when it fails — searches
 * the outbox. Each hit carries its pool id and, in {@code metadata.source}, where it came from
 * ({@code session-buddy} or {@code outbox}).
 */
final class Searcher {

    private static final Logger LOG = LoggerFactory.getLogger(Searcher.class);

    /** The remote search and whether its sink's breaker lets calls through. */
    record Remote(ConversationSearch search, boolean available) {
    }

    private final Outbox outbox;
    private final Supplier<Remote> remote;
    private final Supplier<MemorySettings> settings;
    private volatile boolean remoteDownLogged;

    Searcher(Outbox outbox, Supplier<Remote> remote, Supplier<MemorySettings> settings) {
        this.outbox = outbox;
        this.remote = remote;
        this.settings = settings;
    }

    CompletionStage<List<MemoryItem>> search(String query, int limit, Set<String> poolIds) {
        Remote r = remote.get();
        if (r == null || r.search() == null || !r.available()) {
            return CompletableFuture.completedFuture(local(query, limit, poolIds));
        }
        // Ask for more when filtering by pool: the remote side does not know the filter.
        int ask = poolIds.isEmpty() ? limit : Math.min(1000, limit * 5);
        CompletionStage<List<MemoryItem>> asked;
        try {
            asked = r.search().search(query, ask, settings.get().searchTimeout());
        } catch (RuntimeException e) {
            asked = CompletableFuture.failedFuture(e);
        }
        return asked.handle((hits, err) -> {
            if (err != null) {
                if (!remoteDownLogged) {
                    remoteDownLogged = true;
                    LOG.warn("Memory search: Session-Buddy unavailable ({}); answering from the local outbox",
                            err.getMessage());
                }
                return local(query, limit, poolIds);
            }
            remoteDownLogged = false;
            List<MemoryItem> out = new ArrayList<>();
            for (MemoryItem h : hits) {
                if ((poolIds.isEmpty() || poolIds.contains(h.poolId())) && out.size() < limit) {
                    out.add(tagged(h, "session-buddy"));
                }
            }
            return out;
        });
    }

    /** @return outbox items containing every word of the query, newest first */
    List<MemoryItem> local(String query, int limit, Set<String> poolIds) {
        List<String> words = words(query);
        Predicate<MemoryItem> match = item -> {
            if (!poolIds.isEmpty() && !poolIds.contains(item.poolId())) {
                return false;
            }
            String text = (item.content() + " " + item.metadata().values()).toLowerCase(Locale.ROOT);
            return words.stream().allMatch(text::contains);
        };
        List<MemoryItem> out = new ArrayList<>();
        outbox.newestMatching(match, limit).forEach(i -> out.add(tagged(i, "outbox")));
        return out;
    }

    static List<String> words(String query) {
        List<String> out = new ArrayList<>();
        for (String w : (query == null ? "" : query).toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}_]+")) {
            if (!w.isEmpty()) {
                out.add(w);
            }
        }
        return out;
    }

    private static MemoryItem tagged(MemoryItem i, String source) {
        Map<String, Object> meta = new LinkedHashMap<>(i.metadata());
        meta.put("source", source);
        return new MemoryItem(i.id(), i.poolId(), i.poolType(), i.content(), meta, i.timestamp());
    }
}
