package io.mahavishnu.shell.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class CandidatesTest {

    private final Candidates candidates = new Candidates(null, type -> List.of());

    private Completion kind(String... words) {
        return candidates.kind(List.of(words), words.length - 1);
    }

    @Test
    void positionalArgumentsAndOptionValuesAreTold() {
        assertThat(kind("pool:info", "")).isEqualTo(Completion.POOL_ID);
        assertThat(kind("info", "ec")).isEqualTo(Completion.POOL_ID);
        assertThat(kind("pool:info", "p1", "")).isEqualTo(Completion.NONE);
        assertThat(kind("pool:spawn", "--type", "")).isEqualTo(Completion.POOL_TYPE);
        assertThat(kind("pool:spawn", "-t", "echo", "-w", "")).isEqualTo(Completion.WORKER_TYPE);
        assertThat(kind("pool:spawn", "-t", "echo", "")).isEqualTo(Completion.NONE);
        assertThat(kind("pool:route", "-p", "hi", "--selector", "")).isEqualTo(Completion.STRATEGY);
        assertThat(kind("pool:execute", "--prompt", "")).isEqualTo(Completion.NONE);
        assertThat(kind("pool:execute", "--timeout", "5", "")).isEqualTo(Completion.POOL_ID);
        assertThat(kind("routing:use", "")).isEqualTo(Completion.STRATEGY);
        assertThat(kind("help", "")).isEqualTo(Completion.COMMAND);
        assertThat(kind("pool:batch", "p1", "--file", "")).isEqualTo(Completion.FILE);
        assertThat(kind("lb", "")).isEqualTo(Completion.NONE);
    }

    @Test
    void commandNamesComeWithAndWithoutScope() {
        assertThat(candidates.values(Completion.COMMAND, List.of("help", ""))).contains("pool:spawn", "spawn",
                "routing:use", "mahavishnu:diag");
        assertThat(candidates.values(Completion.POOL_ID, List.of())).isEmpty();
    }
}
