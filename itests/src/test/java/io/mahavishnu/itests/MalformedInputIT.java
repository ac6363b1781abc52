package io.mahavishnu.itests;

import static org.assertj.core.api.Assertions.assertThat;

import io.mahavishnu.api.manager.PoolInfo;
import io.mahavishnu.api.manager.PoolManager;
import io.mahavishnu.api.manager.PoolManagerException;
import io.mahavishnu.api.manager.RouteOptions;
import io.mahavishnu.api.pool.PoolConfig;
import io.mahavishnu.api.pool.Task;
import io.mahavishnu.api.pool.TaskResult;
import io.mahavishnu.api.pool.ValidationException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * 10 000 generated malformed inputs through the Java API of the running runtime (pool configurations, tasks,
 * route options, pool ids): every one is either valid or refused with a ValidationException naming the field and
 * the value, or a PoolManagerException with a reason code — never another exception, never a crash — and the
 * runtime keeps serving afterwards.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class MalformedInputIT extends RuntimeTestSupport {

    private static final int INPUTS = Integer.getInteger("malformed.inputs", 10_000);

    @Test
    public void everyMalformedInputIsRefusedWithAClearErrorAndTheRuntimeKeepsServing() throws Exception {
        PoolManager manager = manager();
        PoolInfo target = await(manager.spawn(PoolConfig.builder().name("target").workerType("noop").build()));
        MalformedInput gen = new MalformedInput(20261125L);
        Map<String, Integer> outcomes = new TreeMap<>();
        List<String> spawned = new ArrayList<>();
        for (int i = 0; i < INPUTS; i++) {
            String outcome;
            switch (i % 4) {
                case 0: outcome = spawn(manager, gen, spawned); break;
                case 1: outcome = execute(manager, gen, target.poolId()); break;
                case 2: outcome = route(manager, gen); break;
                default: outcome = poolIdOperation(manager, gen); break;
            }
            outcomes.merge(outcome, 1, Integer::sum);
        }
        for (String id : spawned) {
            await(manager.close(id));
        }
        System.out.println("malformed inputs: " + outcomes);
        assertThat(outcomes.keySet()).allMatch(k -> k.startsWith("ok") || k.startsWith("refused:"));
        assertThat(outcomes.entrySet().stream().filter(e -> e.getKey().startsWith("refused")).mapToInt(
                Map.Entry::getValue).sum()).isGreaterThan(INPUTS / 2);
        assertThat(await(manager.execute(target.poolId(), Task.ofPrompt("still serving"))).output())
                .isEqualTo("still serving");
    }

    private String spawn(PoolManager manager, MalformedInput gen, List<String> spawned) {
        PoolConfig cfg;
        try {
            PoolConfig.Builder b = PoolConfig.builder();
            if (gen.chance(70)) {
                b.name(gen.string());
            }
            b.poolType(gen.chance(60) ? "mahavishnu" : gen.string());
            b.minWorkers(gen.chance(50) ? 1 : gen.number());
            b.maxWorkers(gen.chance(50) ? 2 : gen.number());
            b.workerType(gen.chance(50) ? "noop" : gen.string());
            if (gen.chance(20)) {
                b.extra(gen.chance(80) ? "k" + gen.below(5) : gen.string(), gen.string());
            }
            cfg = b.build();
        } catch (RuntimeException e) {
            return refused(e);
        }
        return settle(manager.spawn(cfg), r -> spawned.add(r.poolId()));
    }

    private String execute(PoolManager manager, MalformedInput gen, String poolId) {
        Task task;
        try {
            Task.Builder b = Task.builder().prompt(gen.string());
            if (gen.chance(30)) {
                b.id(gen.string());
            }
            if (gen.chance(40)) {
                b.timeoutSeconds(gen.number());
            }
            if (gen.chance(40)) {
                b.priority(gen.number() % 20);
            }
            if (gen.chance(20)) {
                b.deadline(Instant.now().plusMillis(gen.number()));
            }
            b.attribute("delay_ms", "0");
            task = b.build();
        } catch (RuntimeException e) {
            return refused(e);
        }
        return settle(manager.execute(poolId, task), r -> { });
    }

    private String route(PoolManager manager, MalformedInput gen) {
        return settle(manager.route(Task.ofPrompt("x"), new RouteOptions(gen.string(), gen.string())), r -> { });
    }

    private String poolIdOperation(PoolManager manager, MalformedInput gen) {
        String id = gen.string();
        switch (gen.below(3)) {
            case 0: return settle(manager.scale(id, gen.number()), r -> { });
            case 1: return settle(manager.close(id), r -> { });
            default: return settle(manager.aggregateResults(java.util.Arrays.asList(id)), r -> { });
        }
    }

    private static <T> String settle(CompletionStage<T> stage, java.util.function.Consumer<T> onSuccess) {
        try {
            T value = stage.toCompletableFuture().get(TIMEOUT_SECONDS, java.util.concurrent.TimeUnit.SECONDS);
            onSuccess.accept(value);
            return value instanceof TaskResult r ? "ok:" + r.status().wireName() : "ok";
        } catch (ExecutionException e) {
            return refused(e.getCause());
        } catch (RuntimeException e) {
            return refused(e);
        } catch (Exception e) {
            throw new AssertionError("no answer within " + TIMEOUT_SECONDS + " s", e);
        }
    }

    /** @return the outcome key for an error; fails the test for an error that does not explain itself */
    private static String refused(Throwable e) {
        if (e instanceof ValidationException v) {
            assertThat(v.getMessage()).startsWith(v.field()).contains("(got: ");
            return "refused:validation:" + v.field().replaceAll("\\[\\d+]", "[]");
        }
        if (e instanceof PoolManagerException p) {
            assertThat(p.getMessage()).isNotBlank();
            return "refused:" + p.code();
        }
        throw new AssertionError("malformed input produced " + e, e);
    }
}
