package ${package};

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mahavishnu.api.pool.BasePool;
import io.mahavishnu.api.pool.PoolStatus;
import io.mahavishnu.api.pool.Task;
import io.mahavishnu.api.pool.TaskResult;
import io.mahavishnu.api.pool.TaskStatus;
import org.junit.jupiter.api.Test;

/** The pool type as plain Java: no framework needed. */
class SamplePoolTypeTest {

    @Test
    void runsTasksWhileRunningAndRefusesThemOnceStopped() throws Exception {
        BasePool pool = new SamplePoolType().create(new TestPoolContext("${poolType}_test"));
        assertEquals(PoolStatus.PENDING, pool.status());
        pool.start().toCompletableFuture().get();

        TaskResult result = pool.execute(Task.ofPrompt("hello")).toCompletableFuture().get();
        assertEquals(TaskStatus.COMPLETED, result.status());
        assertEquals("HELLO", result.output());
        assertEquals("${poolType}_test", result.poolId());

        pool.stop().toCompletableFuture().get();
        assertEquals(PoolStatus.STOPPED, pool.status());
        assertTrue(pool.execute(Task.ofPrompt("late")).toCompletableFuture().isCompletedExceptionally());
    }
}
