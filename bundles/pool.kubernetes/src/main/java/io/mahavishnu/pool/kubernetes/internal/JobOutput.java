package io.mahavishnu.pool.kubernetes.internal;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * What a Job left behind: the logs of all its pods (oldest first, each under a header when there were several
 * attempts), capped at the pool's output limit, and the pods themselves for the error text.
 *
 * @param text      the logs
 * @param truncated whether the cap cut them
 * @param pods      the Job's pods, oldest first (empty if they could not be listed)
 * @param problem   why logs are missing, or null
 */
record JobOutput(String text, boolean truncated, List<KubeApi.PodState> pods, String problem) {

    /**
     * Reads the pods of a Job and their logs. Failures are reported in {@link #problem()}, never thrown: a result
     * without logs is better than none.
     *
     * @param api      the API
     * @param jobName  the Job
     * @param capBytes the most bytes kept
     * @return the output
     */
    static JobOutput collect(KubeApi api, String jobName, int capBytes) {
        List<KubeApi.PodState> pods;
        try {
            pods = api.pods(jobName);
        } catch (KubeApiException e) {
            return new JobOutput("", false, List.of(), e.getMessage());
        }
        StringBuilder out = new StringBuilder();
        boolean truncated = false;
        String problem = null;
        for (KubeApi.PodState pod : pods) {
            if (utf8Length(out) >= capBytes) {
                truncated = true;
                break;
            }
            if (pods.size() > 1) {
                out.append("--- pod ").append(pod.name()).append(" (").append(describe(pod)).append(") ---\n");
            }
            try {
                // One byte more than the cap tells a log that was cut from one that fits exactly.
                String log = api.log(pod.name(), capBytes + 1);
                out.append(log);
                if (pods.size() > 1 && !log.isEmpty() && !log.endsWith("\n")) {
                    out.append('\n');
                }
            } catch (KubeApiException e) {
                problem = e.getMessage();
            }
        }
        String text = out.toString();
        if (utf8Length(text) > capBytes) {
            text = cut(text, capBytes);
            truncated = true;
        }
        return new JobOutput(text, truncated, pods, problem);
    }

    /** @return e.g. {@code pod p-1: Error, exit code 2: boom}, for the newest pod with something to say, or "" */
    String lastPodProblem() {
        for (int i = pods.size() - 1; i >= 0; i--) {
            KubeApi.PodState p = pods.get(i);
            if (p.reason() != null || (p.exitCode() != null && p.exitCode() != 0)) {
                return "pod " + p.name() + ": " + describe(p) + (p.message() == null || p.message().isBlank() ? ""
                        : ": " + p.message().strip());
            }
        }
        return "";
    }

    /** @return the exit code of the newest pod that has one */
    Integer exitCode() {
        for (int i = pods.size() - 1; i >= 0; i--) {
            if (pods.get(i).exitCode() != null) {
                return pods.get(i).exitCode();
            }
        }
        return null;
    }

    private static String describe(KubeApi.PodState p) {
        StringBuilder s = new StringBuilder(p.phase() == null ? "Unknown" : p.phase());
        if (p.reason() != null) {
            s.append(", ").append(p.reason());
        }
        if (p.exitCode() != null) {
            s.append(", exit code ").append(p.exitCode());
        }
        return s.toString();
    }

    private static int utf8Length(CharSequence s) {
        return s.toString().getBytes(StandardCharsets.UTF_8).length;
    }

    /** @return the longest prefix of {@code s} whose UTF-8 form has at most {@code max} bytes */
    static String cut(String s, int max) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        if (b.length <= max) {
            return s;
        }
        int end = max;
        while (end > 0 && (b[end] & 0xC0) == 0x80) { // do not split a multi-byte character
            end--;
        }
        return new String(b, 0, end, StandardCharsets.UTF_8);
    }
}
