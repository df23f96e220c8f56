package io.ordo.streams.batch;

import io.ordo.core.batch.Shard;
import io.ordo.streams.pack.PackedRow;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.javadsl.Flow;

/** The batching stage: B rows to one {@link Batch} with TOP targets; a trailing partial batch is dropped. */
public final class Batching {

    private Batching() {
    }

    /** Rows to whole batches ({@link Sharding#rows} with {@link Shard#WHOLE}). */
    public static Flow<PackedRow, Batch, NotUsed> batches(BatchConfig config) {
        return Sharding.rows(config, Shard.WHOLE);
    }
}
