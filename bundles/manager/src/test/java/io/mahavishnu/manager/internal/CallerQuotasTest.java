package io.mahavishnu.manager.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mahavishnu.api.manager.RateLimitedException;
import io.mahavishnu.api.pool.Task;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class CallerQuotasTest {

    private final AtomicLong clock = new AtomicLong(5_000_000_000L);
    private Settings settings = Settings.DEFAULTS.withQuota(new Settings.Quota(3, Duration.ofSeconds(60)));
    private final CallerQuotas quotas = new CallerQuotas(() -> settings, clock::get);

    private static Task from(String kind) {
        return Task.builder().prompt("x").attribute(Task.ATTR_CALLER_KIND, kind).build();
    }

    @Test
    void aKindGetsItsQuotaThenIsRefusedWithTheTimeToWait() {
        for (int i = 0; i < 3; i++) {
            quotas.charge(from("ultracode"));
        }
        assertThatThrownBy(() -> quotas.charge(from("ultracode")))
                .isInstanceOfSatisfying(RateLimitedException.class, e -> {
                    assertThat(e.callerKind()).isEqualTo("ultracode");
                    assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(20));
                    assertThat(e.code()).isEqualTo("rate_limited");
                    assertThat(e.getMessage()).contains("'ultracode'").contains("3 requests per 60 s")
                            .contains("retry after 20 s");
                });
        assertThat(quotas.limited()).containsEntry("ultracode", 1L);
    }

    @Test
    void kindsHaveSeparateBucketsAndTokensComeBackOverTime() {
        for (int i = 0; i < 3; i++) {
            quotas.charge(from("workflow"));
        }
        quotas.charge(from("cli"));
        clock.addAndGet(20_000_000_000L);
        quotas.charge(from("workflow"));
        assertThatThrownBy(() -> quotas.charge(from("workflow"))).isInstanceOf(RateLimitedException.class);
    }

    @Test
    void unrecognisedOrMissingKindsShareTheUnknownBucket() {
        assertThat(CallerQuotas.kindOf(from("Claude_Code"))).isEqualTo("claude_code");
        assertThat(CallerQuotas.kindOf(from("brand-new-kind"))).isEqualTo("unknown");
        assertThat(CallerQuotas.kindOf(Task.ofPrompt("x"))).isEqualTo("unknown");
        quotas.charge(from("made-up-1"));
        quotas.charge(from("made-up-2"));
        quotas.charge(Task.ofPrompt("x"));
        assertThatThrownBy(() -> quotas.charge(from("made-up-3")))
                .isInstanceOfSatisfying(RateLimitedException.class, e -> assertThat(e.callerKind())
                        .isEqualTo("unknown"));
    }

    @Test
    void zeroRequestsMeansUnlimited() {
        settings = settings.withQuota(new Settings.Quota(0, Duration.ofSeconds(60)));
        for (int i = 0; i < 1000; i++) {
            quotas.charge(from("cli"));
        }
        assertThat(quotas.limited()).isEmpty();
    }
}
