package io.ordo.model.train;

import io.ordo.core.batch.TokenBatch;
import io.ordo.model.Gpt;
import io.ordo.model.Losses;
import io.ordo.model.optim.AdamW;
import io.ordo.model.optim.OptimizerConfig;
import io.ordo.model.optim.OptimizerUpdate;
import io.ordo.model.param.GradientReadiness;
import java.util.Arrays;

/**
 * One model and its optimizer: forward, backward, gradient exchange with the other data-parallel
 * replicas (none by default), clip, AdamW update (non-finite steps skipped). With several replicas
 * each step's target counts are summed first and every replica normalises by them, so the summed
 * gradient and the losses a step reports are exactly the whole global batch's, however its rows and
 * target tokens are split (see {@link GradientExchange}). An exchange that supports it sums gradient
 * buckets while backward still runs ({@link GradientExchange#overlapped}); the step is the same.
 * A global batch without a single target (all rows blank: idle live sources) trains nothing and
 * does not count as a step ({@link TrainStep#NOTHING_TO_TRAIN}); every replica sees the same counts,
 * so all of them skip it together.
 */
public final class Trainer {
    private final Gpt model;
    private final AdamW optimizer;
    private final GradientExchange exchange;
    /** Exchanges so far: a skipped (non-finite) update does not advance the optimizer's step, this does. */
    private long exchanges;

    public Trainer(Gpt model, OptimizerConfig config) {
        this(model, config, GradientExchange.NONE);
    }

    public Trainer(Gpt model, OptimizerConfig config, GradientExchange exchange) {
        this.model = model;
        this.optimizer = new AdamW(model.params(), config);
        this.exchange = exchange;
    }

    public TrainStep step(TokenBatch batch) {
        long step = exchanges++;
        long[] counts = exchange.sumCounts(step, model.targetCounts(batch));
        if (Arrays.stream(counts).allMatch(c -> c == 0)) {
            return TrainStep.NOTHING_TO_TRAIN;
        }
        GradientReadiness readiness = exchange.overlapped(step, model.params());
        Losses partial;
        try {
            partial = model.forwardBackward(batch, counts, readiness);
        } catch (RuntimeException | Error e) {
            exchange.abandon(step, e);
            throw e;
        }
        Losses losses = exchange.sum(step, model.params(), partial);
        OptimizerUpdate result = optimizer.step();
        return new TrainStep(losses, result, batch.inputTokens(), counts[0]);
    }

    public Gpt model() {
        return model;
    }

    public AdamW optimizer() {
        return optimizer;
    }
}
