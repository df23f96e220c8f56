package io.ordo.actors.distributed;

import io.ordo.core.batch.TokenBatch;
import io.ordo.model.Gpt;
import io.ordo.model.ModelConfig;
import io.ordo.model.Objective;
import io.ordo.model.optim.OptimizerConfig;
import io.ordo.model.task.CopyTask;
import io.ordo.model.train.GradientExchange;
import io.ordo.model.train.Trainer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The fixed model, optimizer and batches of the data-parallel equivalence tests: K steps of
 * {@link #ROWS} copy-task rows each, which n ranks split into contiguous row shards (of unequal
 * sizes for 2 and 3 ranks: 3 + 4 and 2 + 2 + 3 rows).
 */
final class DataParallelFixture {
    static final int ROWS = 7;
    static final long MODEL_SEED = 7;
    static final ModelConfig MODEL = new ModelConfig(16, 16, 32, 2, 2, 4, 0.0, false, MODEL_SEED);
    /**
     * eps 1e-6, not 1e-8: the attention key bias has an exactly zero true gradient (softmax ignores a
     * shift shared by all keys), so its computed gradient is rounding noise (~1e-11) that depends on
     * how the batch was split; with eps 1e-8 Adam turns that noise into updates of ~1e-3 lr per step.
     */
    static final OptimizerConfig OPTIMIZER = OptimizerConfig.defaults().withLearningRate(3e-3).withEps(1e-6);

    private DataParallelFixture() {
    }

    /** The full batches of the run, identical in every JVM. */
    static List<TokenBatch> batches(int steps) {
        CopyTask task = new CopyTask(MODEL.vocabSize(), MODEL.seqLen(), Objective.ntp(), true, 1);
        List<TokenBatch> out = new ArrayList<>();
        for (int i = 0; i < steps; i++) {
            out.add(task.next(ROWS));
        }
        return out;
    }

    /** Rows {@code [rank * ROWS / world, (rank + 1) * ROWS / world)} of an NTP batch. */
    static TokenBatch shard(TokenBatch b, int rank, int world) {
        int from = rank * b.rows() / world;
        int to = (rank + 1) * b.rows() / world;
        int w = b.width();
        return new TokenBatch(to - from, b.seqLen(), b.lookahead(), Arrays.copyOfRange(b.tokens(), from * w, to * w),
                b.targetMask() == null ? null : Arrays.copyOfRange(b.targetMask(), from * w, to * w), null);
    }

    /** A trainer on the fixture's model; a seed other than {@link #MODEL_SEED} initialises differently. */
    static Trainer trainer(long seed, GradientExchange exchange) {
        ModelConfig c = new ModelConfig(MODEL.vocabSize(), MODEL.seqLen(), MODEL.dModel(), MODEL.nHeads(),
                MODEL.nLayers(), MODEL.mlpRatio(), 0.0, false, seed);
        return new Trainer(new Gpt(c, Objective.ntp(), DataType.FLOAT), OPTIMIZER, exchange);
    }

    static void writeFloats(Path file, float[] values) throws IOException {
        ByteBuffer bytes = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(values);
        Files.write(file, bytes.array());
    }

    static float[] readFloats(Path file) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        float[] values = new float[bytes.remaining() / Float.BYTES];
        bytes.asFloatBuffer().get(values);
        return values;
    }
}
