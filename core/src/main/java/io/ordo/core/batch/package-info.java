/**
 * What the data pipeline hands the trainer: a {@link io.ordo.core.batch.TokenBatch} (token ids,
 * target mask, optional TOP targets) and the {@link io.ordo.core.batch.Shard} of a global batch a
 * data-parallel rank owns. Plain Java, so {@code streams} builds batches without ND4J.
 */
package io.ordo.core.batch;
