package io.mahavishnu.memory.internal;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** Memory settings for unit tests: quick retries and breaker, the outbox in a given file. */
final class TestSettings {

    private TestSettings() {
    }

    static MemorySettings of(Path outbox, int breakerThreshold, int maxAttempts, Duration deliveryTimeout) {
        return new MemorySettings(true, Duration.ofSeconds(10), "http://localhost:8678/mcp",
                "http://localhost:8682/mcp", List.of("sb"), Duration.ofSeconds(1), deliveryTimeout,
                Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ZERO, 20, Duration.ofMillis(10),
                Duration.ofMillis(20), maxAttempts, breakerThreshold, Duration.ofSeconds(1), Duration.ofDays(1), 1000,
                outbox.toString());
    }
}
