package io.mahavishnu.bus.local.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mahavishnu.api.pool.ValidationException;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/** Configuration: defaults, validation naming the key, and changes at run time. */
class BusSettingsTest extends BusTestSupport {

    @Test
    void defaultsMatchTheOriginal() {
        BusSettings defaults = BusSettings.of(config(1000, "local", 10_000, 2));

        assertThat(defaults).isEqualTo(BusSettings.DEFAULTS);
        assertThat(defaults.maxQueueSize()).isEqualTo(1000);
    }

    @Test
    void transportNameIsTrimmed() {
        assertThat(BusSettings.of(config(1000, " redis ", 10_000, 2)).transport()).isEqualTo("redis");
    }

    @Test
    void invalidValuesNameTheKey() {
        assertKey(() -> settings(0, "local", 10_000, 2), "max_queue_size");
        assertKey(() -> settings(1_000_001, "local", 10_000, 2), "max_queue_size");
        assertKey(() -> settings(1000, "local", 0, 2), "subscriber_buffer");
        assertKey(() -> settings(1000, "local", 1_000_001, 2), "subscriber_buffer");
        assertKey(() -> settings(1000, "local", 10_000, 0), "handler_threads");
        assertKey(() -> settings(1000, "local", 10_000, 65), "handler_threads");
        assertKey(() -> settings(1000, "", 10_000, 2), "bus_transport");
        assertKey(() -> settings(1000, null, 10_000, 2), "bus_transport");
        assertKey(() -> BusSettings.of(config(1000, "Redis Cluster", 10_000, 2)), "bus_transport");
        assertThatThrownBy(() -> settings(0, "local", 10_000, 2))
                .hasMessage("max_queue_size must be between 1 and 1000000 (got: 0)");
    }

    @Test
    void activationWithAnInvalidValueFails() {
        assertKey(() -> new MessageBusImpl(config(0, "local", 10_000, 2)), "max_queue_size");
    }

    @Test
    void invalidModificationKeepsTheCurrentSettings() {
        MessageBusImpl bus = localBus(maxQueue(10));

        assertKey(() -> bus.modified(config(1000, "local", 10_000, 100)), "handler_threads");

        assertThat(bus.stats().maxQueueSize()).isEqualTo(10);
    }

    @Test
    void validModificationApplies() {
        MessageBusImpl bus = localBus(maxQueue(10));

        bus.modified(config(20, "local", 10_000, 4));

        assertThat(bus.stats().maxQueueSize()).isEqualTo(20);
        assertThat(bus.stats().transport()).isEqualTo("local");
    }

    private static void assertKey(ThrowingCallable call, String key) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ValidationException.class,
                e -> assertThat(e.field()).isEqualTo(key));
    }
}
