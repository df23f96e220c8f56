/**
 * Operator metrics of a node, as Micrometer meters (exported in Prometheus format by {@code deploy}).
 *
 * <ul>
 *   <li>{@link OrdoMetrics}: the per-{@code ActorSystem} extension that holds the
 *       {@link io.micrometer.core.instrument.MeterRegistry}, the data pipeline's
 *       {@link io.ordo.streams.frame.BadInputCounters} and the {@link NodeStatus} health reads.
 *       Installed with {@link OrdoMetrics#setup(OrdoMetrics)}; without it every meter is a no-op.</li>
 *   <li>{@link TrainingMetrics}: a {@link io.ordo.actors.report.RunListener} that turns the supervisor's
 *       events (steps, evaluations, checkpoints) into counters, gauges and timers.</li>
 *   <li>Actor metrics, per actor type ({@code actor="trainer"}):
 *       {@link InstrumentedMailbox} counts every enqueue and dequeue of an actor's mailbox (depth
 *       and messages processed; Pekko has no built-in per-actor mailbox metrics), and
 *       {@link ActorMetrics#instrument} wraps a behavior in a {@link TimingInterceptor} that times
 *       message handling and counts restarts ({@code PreRestart} signals).</li>
 *   <li>{@link StreamMetrics}: elements per pipeline stage and bad records per reason.</li>
 *   <li>{@link AllReduceMetrics}: bytes and latency of gradient all-reduces.</li>
 * </ul>
 *
 * <p>Names follow the Prometheus conventions once exported: prefix {@code ordo_}, base units
 * ({@code _seconds}, {@code _bytes}), {@code _total} on counters.
 */
package io.ordo.actors.metrics;
