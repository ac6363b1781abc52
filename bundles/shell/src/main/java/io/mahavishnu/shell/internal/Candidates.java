package io.mahavishnu.shell.internal;

import io.mahavishnu.api.manager.PoolInfo;
import io.mahavishnu.api.manager.PoolManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Tab-completion candidates for the word under the cursor of one of our commands: finds whether the word is the
 * value of an option (e.g. after {@code --type}) or the n-th positional argument, and offers the live values of
 * that kind (pool ids, pool types, worker types, strategies, commands).
 */
final class Candidates {

    private final PoolManager manager;
    private final Function<String, List<String>> workerTypes;

    /**
     * @param manager     the pool manager, or null when it is not running (then nothing is offered)
     * @param workerTypes pool type (or null for all) → worker types it accepts
     */
    Candidates(PoolManager manager, Function<String, List<String>> workerTypes) {
        this.manager = manager;
        this.workerTypes = workerTypes;
    }

    /**
     * @param words     the words of the line, the command first
     * @param wordIndex index of the word being completed
     * @return what the word completes to
     */
    Completion kind(List<String> words, int wordIndex) {
        Optional<CommandSpec> spec = words.isEmpty() ? Optional.empty() : Specs.find(words.get(0));
        if (spec.isEmpty() || wordIndex < 1) {
            return Completion.NONE;
        }
        CommandSpec s = spec.get();
        int positional = 0;
        for (int i = 1; i < wordIndex; i++) {
            String w = words.get(i);
            Optional<OptionSpec> opt = s.option(w);
            if (opt.isPresent()) {
                if (opt.get().takesValue() && !w.contains("=")) {
                    if (i + 1 == wordIndex) {
                        return opt.get().completion();
                    }
                    i++;
                }
            } else if (!w.startsWith("-")) {
                positional++;
            }
        }
        if (s.args().isEmpty()) {
            return Completion.NONE;
        }
        int index = Math.min(positional, s.args().size() - 1);
        ArgSpec arg = s.args().get(index);
        return positional < s.args().size() || arg.variadic() ? arg.completion() : Completion.NONE;
    }

    /**
     * @param kind  what to offer
     * @param words the line's words (for worker types: the pool type given with {@code --type})
     * @return the values, sorted
     */
    List<String> values(Completion kind, List<String> words) {
        if (kind == Completion.COMMAND) {
            TreeSet<String> names = new TreeSet<>();
            Specs.ALL.forEach(s -> {
                names.add(s.fullName());
                names.add(s.name());
            });
            return new ArrayList<>(names);
        }
        if (manager == null) {
            return List.of();
        }
        switch (kind) {
            case POOL_ID:
                return manager.list().stream().map(PoolInfo::poolId).sorted().toList();
            case POOL_TYPE:
                return new ArrayList<>(new TreeSet<>(manager.poolTypes()));
            case STRATEGY:
                return new ArrayList<>(new TreeSet<>(manager.strategies()));
            case WORKER_TYPE:
                return new ArrayList<>(new TreeSet<>(workerTypes.apply(typeOnLine(words))));
            default:
                return List.of();
        }
    }

    /** @return the value of {@code --type}/{@code -t} on the line, or null */
    private static String typeOnLine(List<String> words) {
        for (int i = 1; i < words.size(); i++) {
            String w = words.get(i);
            if (w.startsWith("--type=")) {
                return w.substring("--type=".length());
            }
            if ((w.equals("--type") || w.equals("-t")) && i + 1 < words.size()) {
                return words.get(i + 1);
            }
        }
        return null;
    }
}
