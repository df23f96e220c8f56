package io.ordo.actors.job;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ordo.core.batch.Shard;
import io.ordo.streams.batch.Batch;
import io.ordo.streams.batch.BatchConfig;
import io.ordo.streams.frame.BadInputCounters;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.stream.javadsl.Sink;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link TaskSpec#batches} hands the shard to the generated and the text pipelines. */
class TaskSpecShardTest {

    private static ActorSystem system;

    @BeforeAll
    static void start() {
        system = ActorSystem.create("task-spec-shard-test");
    }

    @AfterAll
    static void stop() {
        system.terminate();
    }

    private static List<Batch> batches(TaskSpec spec, BatchConfig config, Shard shard) throws Exception {
        return spec.batches(7, Optional.empty(), Optional.empty(), config, new BadInputCounters(), shard).take(3)
                .runWith(Sink.seq(), system).toCompletableFuture().get(20, TimeUnit.SECONDS);
    }

    private static void assertRankHoldsItsRows(TaskSpec spec, BatchConfig config) throws Exception {
        List<Batch> whole = batches(spec, config, Shard.WHOLE);
        List<Batch> rank = batches(spec, config, new Shard(2, 3)); // rows 5, 6, 7 of 8
        int w = config.width();
        for (int b = 0; b < 3; b++) {
            assertEquals(whole.get(b).cursor(), rank.get(b).cursor());
            assertEquals(3, rank.get(b).batch().rows());
            assertArrayEquals(Arrays.copyOfRange(whole.get(b).batch().tokens(), 5 * w, 8 * w), rank.get(b).batch().tokens());
        }
    }

    @Test
    void shouldShardGeneratedAndTextBatches(@TempDir Path dir) throws Exception {
        TaskSpec stargraph = TaskSpec.parse("stargraph:2,5,50");
        assertRankHoldsItsRows(stargraph, BatchConfig.top(8, stargraph.exampleTokens(), 4));
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            text.append("line ").append(i).append(" of the sharded corpus\n");
        }
        Path file = dir.resolve("corpus.txt");
        Files.writeString(file, text, StandardCharsets.UTF_8);
        assertRankHoldsItsRows(TaskSpec.parse("text:" + file), BatchConfig.top(8, 16, 4));
    }
}
