/**
 * What a training run reports as it goes: the {@link io.ordo.actors.report.RunListener} callbacks
 * and the records they carry (steps, evaluations, checkpoint failures, the run's summary). The
 * supervisor and trainers report here; the CLI, metrics and tests listen. Depends on nothing else
 * in {@code io.ordo.actors}, so both the actors and their metrics can use it without a cycle.
 */
package io.ordo.actors.report;
