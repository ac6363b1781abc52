package io.mahavishnu.pool.kubernetes.internal;

import io.mahavishnu.api.pool.Task;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a task into the {@link JobSpec} of its Job. The command is always an argv list: the task's own
 * {@code command}, or the configured runner command with the prompt as one argument ({@code {prompt}}) and in the
 * environment ({@code MAHAVISHNU_PROMPT}); nothing is ever joined into a shell string.
 */
final class JobSpecs {

    /** Annotation holding the task id as given (the {@code task} label holds a cleaned form). */
    static final String TASK_ID = "mahavishnu.io/task-id";
    /** Annotation holding the task's timeout, so a Job adopted after a restart keeps its time limit. */
    static final String TIMEOUT = "mahavishnu.io/timeout-seconds";
    static final String ENV_PROMPT = "MAHAVISHNU_PROMPT";
    static final String ENV_TASK = "MAHAVISHNU_TASK_ID";
    static final String ENV_POOL = "MAHAVISHNU_POOL_ID";
    /** Largest prompt put into a manifest (the API server stores objects of at most about 1.5 MB). */
    static final int MAX_PROMPT_BYTES = 256 * 1024;

    private JobSpecs() {
    }

    /** @return the labels every Job of the pool carries, the watch's selector */
    static Map<String, String> poolSelector(String poolId) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("app", "mahavishnu");
        m.put("pool", poolId);
        return m;
    }

    /**
     * @param poolId the pool
     * @param task   the task
     * @param name   the Job's name
     * @param s      the pool's settings
     * @return the Job to create
     * @throws IllegalArgumentException if the task has neither command nor prompt, or the prompt is too large
     */
    static JobSpec forTask(String poolId, Task task, String name, KubernetesSettings s) {
        Map<String, String> labels = new LinkedHashMap<>(s.labels());
        labels.putAll(poolSelector(poolId));
        labels.put("task", JobNames.taskLabel(task.id()));
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put(TASK_ID, task.id());
        annotations.put(TIMEOUT, Long.toString(task.timeout().toSeconds()));
        Map<String, String> env = new LinkedHashMap<>();
        env.put(ENV_TASK, task.id());
        env.put(ENV_POOL, poolId);
        String image;
        List<String> argv;
        if (!task.command().isEmpty()) {
            image = s.containerImage();
            argv = task.command();
        } else if (!task.prompt().isEmpty()) {
            if (task.prompt().getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_PROMPT_BYTES) {
                throw new IllegalArgumentException("the prompt is larger than " + MAX_PROMPT_BYTES
                        + " bytes, too large for a Job manifest");
            }
            image = s.runnerImage();
            env.put(ENV_PROMPT, task.prompt());
            argv = new ArrayList<>();
            for (String arg : s.runnerCommand()) {
                argv.add(arg.equals(KubernetesSettings.PROMPT_TOKEN) ? task.prompt() : arg);
            }
        } else {
            throw new IllegalArgumentException("the task has neither a command nor a prompt");
        }
        long deadline = s.activeDeadlineSeconds() > 0 ? s.activeDeadlineSeconds()
                : task.timeout().toSeconds() + KubernetesSettings.DEADLINE_MARGIN;
        return new JobSpec(name, labels, annotations, image, s.imagePullPolicy(), argv, env, s.resources(),
                s.serviceAccount(), s.backoffLimit(), s.ttlSecondsAfterFinished(), deadline);
    }
}
