package io.ordo.model.train;

import io.ordo.model.Gpt;
import io.ordo.model.Losses;
import io.ordo.model.TokenBatch;
import io.ordo.model.optim.AdamW;
import io.ordo.model.optim.OptimizerConfig;
import io.ordo.model.optim.StepResult;

/** One model and its optimizer: forward, backward, clip, AdamW update (non-finite steps skipped). */
public final class Trainer {
    private final Gpt model;
    private final AdamW optimizer;

    public Trainer(Gpt model, OptimizerConfig config) {
        this.model = model;
        this.optimizer = new AdamW(model.params(), config);
    }

    public TrainStep step(TokenBatch batch) {
        Losses losses = model.forwardBackward(batch);
        StepResult result = optimizer.step();
        return new TrainStep(losses, result, batch.inputTokens());
    }

    public Gpt model() {
        return model;
    }

    public AdamW optimizer() {
        return optimizer;
    }
}
