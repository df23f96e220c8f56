package io.ordo.bench;

import io.ordo.model.Objective;
import io.ordo.streams.batch.BatchConfig;

/** One objective and tokenizer of {@link LiveBench}'s {@code --cases}, as {@code OBJECTIVE:TOKENIZER}. */
record LiveCase(String objective, String tokenizer) {
    static LiveCase parse(String spec) {
        String[] f = spec.trim().split(":", 2);
        if (f.length != 2) {
            throw new IllegalArgumentException("case '" + spec + "' is not OBJECTIVE:TOKENIZER");
        }
        return new LiveCase(f[0], f[1]);
    }

    /** The objective; a TOP objective's window is {@code seqLen}. */
    Objective objective(int seqLen) {
        Objective o = Objective.parse(objective);
        return o.kind() == Objective.Kind.TOP ? o.withTopWindow(seqLen) : o;
    }

    /** As {@code TrainerActor.batchConfig} builds it. */
    BatchConfig config(int rows, int seqLen) {
        Objective o = objective(seqLen);
        int window = o.kind() == Objective.Kind.TOP ? o.topWindow(seqLen) : 0;
        return new BatchConfig(rows, seqLen, o.lookahead(seqLen), window, o.topK(), o.topConvention());
    }

    @Override
    public String toString() {
        return objective + " " + tokenizer;
    }
}
