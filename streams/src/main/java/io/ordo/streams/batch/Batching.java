package io.ordo.streams.batch;

import io.ordo.streams.pack.PackedRow;
import java.util.List;
import java.util.Optional;
import org.apache.pekko.NotUsed;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.javadsl.Flow;

/** The batching stage: B rows to one {@link Batch} with TOP targets; a trailing partial batch is dropped. */
public final class Batching {

    private Batching() {
    }

    /** Rows to batches; one {@link BatchAssembler} (and TOP builder) per materialization. */
    public static Flow<PackedRow, Batch, NotUsed> batches(BatchConfig config) {
        return Flow.of(PackedRow.class)
                .grouped(config.rows())
                .filter(g -> g.size() == config.rows())
                .statefulMap(() -> new BatchAssembler(config),
                        (BatchAssembler a, List<PackedRow> g) -> Pair.create(a, a.assemble(g)),
                        a -> Optional.empty());
    }
}
