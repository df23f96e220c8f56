package io.ordo.deploy.config;

import static io.ordo.deploy.config.JobKeys.path;

import com.typesafe.config.Config;
import io.ordo.model.ModelConfig;
import io.ordo.model.Objective;

/**
 * The model's shape and training objective, from {@code ordo.job.model}; the vocabulary and
 * sequence length come from the task ({@link #toModel}).
 *
 * @param objective ntp | top | mtp:N (a TOP objective carries its {@code model.top-window})
 * @param dModel    residual width
 * @param heads     attention heads; they divide dModel
 * @param layers    transformer blocks
 * @param mlpRatio  MLP hidden width over dModel
 * @param dropout   residual-branch dropout while training, in [0, 1)
 */
public record ModelSettings(Objective objective, int dModel, int heads, int layers, int mlpRatio, double dropout) {
    public static final String OBJECTIVE = "model.objective";
    public static final String TOP_WINDOW = "model.top-window";
    public static final String D_MODEL = "model.d-model";
    public static final String HEADS = "model.heads";
    public static final String LAYERS = "model.layers";
    public static final String MLP_RATIO = "model.mlp-ratio";
    public static final String DROPOUT = "model.dropout";

    /** Reads the keys of the resolved {@code ordo.job} section {@code c}; errors name the key and the allowed values. */
    public static ModelSettings from(Config c) {
        Objective objective;
        try {
            objective = Objective.parse(c.getString(OBJECTIVE));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(path(OBJECTIVE) + ": " + e.getMessage());
        }
        if (objective.kind() == Objective.Kind.TOP) {
            objective = objective.withTopWindow(JobKeys.intAtLeast(c, TOP_WINDOW, 0));
        }
        int dModel = JobKeys.intAtLeast(c, D_MODEL, 1);
        int heads = JobKeys.intAtLeast(c, HEADS, 1);
        JobKeys.checkHeadsDivide(dModel, heads);
        double dropout = c.getDouble(DROPOUT);
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException(path(DROPOUT) + " = " + dropout + "; allowed: a probability in [0, 1)");
        }
        return new ModelSettings(objective, dModel, heads, JobKeys.intAtLeast(c, LAYERS, 1),
                JobKeys.intAtLeast(c, MLP_RATIO, 1), dropout);
    }

    /** The model config for a task of {@code vocab} tokens and {@code seqLen} positions, initialised from {@code seed}. */
    public ModelConfig toModel(int vocab, int seqLen, long seed) {
        return new ModelConfig(vocab, seqLen, dModel, heads, layers, mlpRatio, dropout, false, seed);
    }
}
