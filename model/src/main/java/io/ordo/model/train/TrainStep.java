package io.ordo.model.train;

import io.ordo.model.Losses;
import io.ordo.model.optim.StepResult;

/** What one optimizer step did: its losses, the optimizer's report, and the input tokens it consumed. */
public record TrainStep(Losses losses, StepResult optimizer, int tokens) {
}
