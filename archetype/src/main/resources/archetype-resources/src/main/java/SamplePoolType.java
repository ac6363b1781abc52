package ${package};

import io.mahavishnu.api.pool.*;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.osgi.service.component.annotations.Component;

/** Pool type "${poolType}": a task's output is its prompt in upper case. Put your work in {@link #run}. */
@Component(property = PoolProvider.POOL_TYPE + "=${poolType}")
public class SamplePoolType implements PoolProvider {

    /** The work of one task. It runs on the caller's thread: keep it short, or return a stage completed later. */
    static String run(Task task) {
        return task.prompt().toUpperCase();
    }

    public BasePool create(PoolContext ctx) {
        return new BasePool() {
            volatile PoolStatus status = PoolStatus.PENDING;
            public String id() { return ctx.poolId(); }
            public PoolConfig config() { return ctx.config(); }
            public PoolStatus status() { return status; }
            public CompletionStage<Void> start() { status = PoolStatus.RUNNING; return done(null); }
            public CompletionStage<TaskResult> execute(Task t) {
                if (!status.acceptsTasks()) return failed(new IllegalStateException(id() + " is " + status.wireName()));
                return done(TaskResult.completed(t, id(), id() + "-w1", run(t), Duration.ZERO));
            }
            public CompletionStage<Void> scale(int n) { return failed(new IllegalStateException("fixed size")); }
            public CompletionStage<PoolHealth> health() {
                return done(new PoolHealth(id(), config().poolType(), HealthStatus.HEALTHY, null));
            }
            public PoolMetrics metrics() { return PoolMetrics.ofWorkers(id(), status, 0, 1, 0); }
            public CompletionStage<Void> stop() { status = PoolStatus.STOPPED; return done(null); }
        };
    }

    private static <T> CompletionStage<T> done(T value) { return CompletableFuture.completedFuture(value); }
    private static <T> CompletionStage<T> failed(Throwable e) { return CompletableFuture.failedFuture(e); }
}
