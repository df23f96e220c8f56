package io.ordo.bench;

import io.ordo.core.batch.TokenBatch;
import io.ordo.model.Gpt;
import io.ordo.model.ModelConfig;
import io.ordo.model.Objective;
import io.ordo.model.optim.OptimizerConfig;
import io.ordo.model.train.Trainer;
import io.ordo.streams.tokenize.Tokenizer;
import io.ordo.streams.tokenize.Tokenizers;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * What one trainer consumes, for {@link LiveBench}: input tokens/s of the median step of one
 * single-thread trainer of the default {@code ordo train} model (D64 H4 L3 mlp 4, lr 3e-3), stepping
 * again and again on one batch read from the source. At most {@code steps} timed steps, stopped after
 * {@code seconds} (at least 2), after up to {@code warmup} untimed ones.
 */
final class TrainerTiming {
    private final int seqLen;
    private final int warmup;
    private final int steps;
    private final double seconds;

    TrainerTiming(int seqLen, int warmup, int steps, double seconds) {
        this.seqLen = seqLen;
        this.warmup = warmup;
        this.steps = steps;
        this.seconds = seconds;
    }

    /** Tokens/s of one single-thread trainer of the default {@code ordo train} model on {@code batch}, median step. */
    double tokensPerSecond(LiveCase c, TokenBatch batch) {
        if (batch == null) {
            throw new IllegalStateException("no full batch of " + c + " to train on");
        }
        Tokenizer tok = Tokenizers.create(c.tokenizer());
        Objective objective = c.objective(seqLen);
        ModelConfig model = new ModelConfig(tok.vocabSize(), seqLen, 64, 4, 3, 4, 0.0, false, 42);
        Trainer trainer = new Trainer(new Gpt(model, objective, DataType.FLOAT),
                OptimizerConfig.defaults().withLearningRate(3e-3));
        // warm-up: --train-warmup steps, fewer when one step alone takes over a fifth of --train-seconds (cl100k)
        for (int i = 0; i < warmup; i++) {
            long t0 = System.nanoTime();
            trainer.step(batch);
            if ((System.nanoTime() - t0) / 1e9 > seconds / 5) {
                break;
            }
        }
        List<Double> ms = new ArrayList<>();
        long start = System.nanoTime();
        while (ms.size() < steps && (ms.size() < 2 || (System.nanoTime() - start) / 1e9 < seconds)) {
            long t0 = System.nanoTime();
            trainer.step(batch);
            ms.add((System.nanoTime() - t0) / 1e6);
        }
        double median = StepBenchmark.median(ms.stream().mapToDouble(Double::doubleValue).toArray());
        return batch.inputTokens() / (median / 1e3);
    }
}
