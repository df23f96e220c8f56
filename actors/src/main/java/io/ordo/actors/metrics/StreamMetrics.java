package io.ordo.actors.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.ordo.streams.frame.BadInputCounters;
import io.ordo.streams.frame.BadInputReason;
import io.ordo.streams.meter.Stage;
import java.util.Locale;

/**
 * The data pipeline's counts as meters, read at scrape time from the {@link BadInputCounters}
 * every trainer stream of the node counts into:
 *
 * <pre>
 * ordo_stream_elements_total{stage="records|examples|tokenized|packed|batched"}  elements that passed a stage
 * ordo_stream_accepted_records_total                                       records accepted by framing
 * ordo_stream_bad_records_total{reason="malformed_utf8|binary|empty|overlong|unparsable|truncated|too_long_for_row"}
 * </pre>
 * Throughput per stage is {@code rate(ordo_stream_elements_total[1m])}.
 */
public final class StreamMetrics {
    private StreamMetrics() {
    }

    /** Registers the counters of {@code counters} in {@code registry}. */
    public static void bind(BadInputCounters counters, MeterRegistry registry) {
        for (Stage s : Stage.values()) {
            FunctionCounter.builder("ordo.stream.elements", counters, c -> c.stages().count(s))
                    .tag("stage", s.label()).description("Elements that passed a pipeline stage").register(registry);
        }
        FunctionCounter.builder("ordo.stream.accepted.records", counters, BadInputCounters::accepted)
                .description("Records accepted by framing").register(registry);
        for (BadInputReason r : BadInputReason.values()) {
            FunctionCounter.builder("ordo.stream.bad.records", counters, c -> c.rejected(r))
                    .tag("reason", r.name().toLowerCase(Locale.ROOT))
                    .description("Records rejected and skipped, by reason").register(registry);
        }
    }
}
