package io.mahavishnu.shell.internal;

import io.mahavishnu.api.manager.PoolManager;
import io.mahavishnu.api.pool.PoolProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.felix.service.command.CommandSession;
import org.jline.builtins.Completers.CompletionData;
import org.jline.reader.ParsedLine;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * Tab completion the Gogo way. {@code mahavishnu:__completion} (run by {@code etc/gosh_profile}) registers, in an
 * interactive session, each command's description and options plus one argument completer,
 * {@code mahavishnu:__candidates}, which JLine calls with the line being edited and which answers with live
 * values: pool ids, pool types, worker types, strategies. Names starting with {@code __} are hidden from command
 * completion.
 */
@Component(service = CompletionCommands.class, property = {
        "osgi.command.scope=" + Specs.MAHAVISHNU,
        "osgi.command.function=__completion",
        "osgi.command.function=__candidates"})
public class CompletionCommands {

    /** Session variable gogo.jline keeps completion data in (only interactive sessions have it). */
    static final String COMPLETIONS = ".completions";
    /** Session variable holding the line being completed. */
    static final String COMMAND_LINE = ".commandLine";
    private static final String CANDIDATES = Specs.MAHAVISHNU + ":__candidates";

    /** Pool type → its provider, for the worker types it accepts. */
    private final Map<String, PoolProvider> providers = new ConcurrentHashMap<>();

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile PoolManager manager;

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindPoolProvider(PoolProvider provider, Map<String, Object> props) {
        Object type = props.get(PoolProvider.POOL_TYPE);
        if (type != null) {
            providers.put(type.toString(), provider);
        }
    }

    void unbindPoolProvider(PoolProvider provider, Map<String, Object> props) {
        Object type = props.get(PoolProvider.POOL_TYPE);
        if (type != null) {
            providers.remove(type.toString(), provider);
        }
    }

    /**
     * Registers completion for every Mahavishnu command in this session; does nothing in a session without line
     * editing (scripts, one-shot commands).
     *
     * @param session the interactive session
     */
    @SuppressWarnings("unchecked")
    public void __completion(CommandSession session) {
        Object registry = session.get(COMPLETIONS);
        if (!(registry instanceof Map)) {
            return;
        }
        Map<String, List<CompletionData>> completions = (Map<String, List<CompletionData>>) registry;
        for (CommandSpec s : Specs.ALL) {
            List<CompletionData> data = new ArrayList<>();
            data.add(new CompletionData(null, s.summary(), null, null));
            for (OptionSpec o : s.options()) {
                List<String> names = new ArrayList<>();
                if (o.shortName() != 0) {
                    names.add("-" + o.shortName());
                }
                names.add("--" + o.longName());
                data.add(new CompletionData(names, o.description(), null, null));
            }
            data.add(new CompletionData(null, null, CANDIDATES, null));
            completions.put(s.fullName(), data);
        }
    }

    /**
     * Called by JLine when the user presses Tab in an argument of one of our commands.
     *
     * @param session the session; {@value #COMMAND_LINE} holds the line being edited
     * @return the candidate values
     * @throws Exception if delegating to file completion fails
     */
    public Object __candidates(CommandSession session) throws Exception {
        Object line = session.get(COMMAND_LINE);
        if (!(line instanceof ParsedLine)) {
            return List.of();
        }
        ParsedLine parsed = (ParsedLine) line;
        Candidates candidates = new Candidates(manager, this::workerTypes);
        Completion kind = candidates.kind(parsed.words(), parsed.wordIndex());
        if (kind == Completion.FILE) {
            return session.execute("gogo:__files");
        }
        return candidates.values(kind, parsed.words());
    }

    private List<String> workerTypes(String poolType) {
        Set<String> out = new TreeSet<>();
        providers.forEach((type, provider) -> {
            if (poolType == null || poolType.equals(type)) {
                out.addAll(provider.workerTypes());
            }
        });
        return new ArrayList<>(out);
    }
}
