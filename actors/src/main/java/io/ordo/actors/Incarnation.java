package io.ordo.actors;

import io.ordo.model.train.LocalGradientExchange;
import io.ordo.protocol.checkpoint.Checkpoint;
import java.util.Optional;

/**
 * What one start (or restart) of a run's trainer workers shares: its number (0 = first start), the
 * checkpoint every worker resumes from (loaded once, so all workers start from the same bits even
 * while a checkpoint is being written), and the gradient exchange of this start. Any worker that
 * fails or stops aborts the exchange, so no other worker waits for it.
 *
 * @param number     0 for the first start, then 1, 2, ... per restart
 * @param checkpoint state to resume from; empty for a fresh start
 * @param exchange   gradient exchange among this start's workers (one participant per worker)
 */
public record Incarnation(int number, Optional<Checkpoint> checkpoint, LocalGradientExchange exchange) {
}
