package io.ordo.streams.batch;

import io.ordo.core.batch.Shard;
import io.ordo.streams.cursor.Cursor;
import io.ordo.streams.pack.PackedRow;
import java.util.List;
import java.util.Optional;
import org.apache.pekko.NotUsed;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.javadsl.Flow;

/**
 * Batching stages for one data-parallel {@link Shard}: each emits, per global batch of
 * {@link BatchConfig#rows()} rows, a {@link Batch} of the shard's rows only (the TOP targets are
 * built for those rows alone), positioned by the global batch: index, start and cursor are the
 * same on every rank and equal those of the unsharded stream. One {@link BatchAssembler} per
 * materialization.
 */
public final class Sharding {

    private Sharding() {
    }

    /**
     * From a stream of ALL rows (every rank reads the same rows, e.g. text windows from a file,
     * socket or queue): groups B rows into a global batch, keeps the shard's rows and assembles only
     * them. Cursor = the global batch's last row's {@code next}, start = its first row's
     * {@code start}. A trailing partial global batch is dropped.
     */
    public static Flow<PackedRow, Batch, NotUsed> rows(BatchConfig config, Shard shard) {
        int b = config.rows();
        int from = shard.from(b);
        int to = from + shard.count(b);
        return Flow.of(PackedRow.class)
                .grouped(b)
                .filter(g -> g.size() == b)
                .statefulMap(() -> new BatchAssembler(config),
                        (BatchAssembler a, List<PackedRow> g) -> Pair.create(a,
                                a.assemble(g.subList(from, to), g.get(0).start(), g.get(b - 1).next())),
                        a -> Optional.empty());
    }

    /**
     * From a stream of ONLY the shard's rows of index-addressed data (generated examples: global
     * batch k is rows {@code [first + k * B, first + (k + 1) * B)} of {@code source}, and the stream
     * holds exactly {@link Shard#count} rows of each, in order, also for rejected input: see
     * {@link io.ordo.streams.pack.Pack#examples}): groups each global batch's rows.
     * Start = {@code source@first + k * B}, cursor = {@code source@first + (k + 1) * B}.
     */
    public static Flow<PackedRow, Batch, NotUsed> indexed(BatchConfig config, Shard shard, String source, long first) {
        int b = config.rows();
        int n = shard.count(b);
        return Flow.of(PackedRow.class)
                .grouped(n)
                .filter(g -> g.size() == n)
                .zipWithIndex()
                .statefulMap(() -> new BatchAssembler(config),
                        (BatchAssembler a, Pair<List<PackedRow>, Long> g) -> Pair.create(a, a.assemble(g.first(),
                                Cursor.at(source, first + g.second() * b), Cursor.at(source, first + (g.second() + 1) * b))),
                        a -> Optional.empty());
    }
}
