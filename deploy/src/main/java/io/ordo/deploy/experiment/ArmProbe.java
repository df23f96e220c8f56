package io.ordo.deploy.experiment;

import io.ordo.actors.job.TrainingJob;
import java.util.Map;

/** Measures something more on an arm's final model after it has trained, as extra result columns. */
@FunctionalInterface
public interface ArmProbe {
    /** Named values, in column order, for the arm {@code job} trained (its final checkpoint is on disk). */
    Map<String, Double> measure(TrainingJob job) throws Exception;
}
