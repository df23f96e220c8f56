package io.ordo.deploy.experiment;

import io.ordo.actors.job.TrainingJob;
import io.ordo.actors.state.ModelState;
import io.ordo.model.Gpt;
import io.ordo.checkpoint.Checkpoint;
import io.ordo.checkpoint.CheckpointStore;
import io.ordo.model.generate.Decoded;
import io.ordo.model.generate.SelfSpeculativeDecoder;
import io.ordo.streams.gen.TaskGenerator;
import io.ordo.streams.pack.PackedRow;
import io.ordo.streams.tokenize.Tokenizer;
import io.ordo.actors.TrainerActor;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Self-speculative decoding on an arm's final checkpoint over the job's {@code eval-examples}
 * held-out prompts: generated tasks decode the target after each test prompt, text decodes the
 * second half of each held-out window after its first half. Columns: {@code tokens_per_pass}
 * (mean tokens per verify pass, over all examples), {@code draft_acceptance} (accepted / drafted
 * tokens) and, for generated tasks, {@code spec_exact_match} (must equal greedy exact match).
 *
 * @param topDraftTokens tokens a TOP model drafts per pass
 */
public record SelfSpecProbe(int topDraftTokens) implements ArmProbe {

    @Override
    public Map<String, Double> measure(TrainingJob job) throws Exception {
        Gpt model = finalModel(job);
        SelfSpeculativeDecoder decoder = new SelfSpeculativeDecoder(model, topDraftTokens);
        long tokens = 0;
        long passes = 0;
        long drafted = 0;
        long accepted = 0;
        int correct = 0;
        int examples = 0;
        for (int[][] pt : prompts(job)) {
            Decoded d = decoder.decode(pt[0], pt[1].length);
            tokens += d.tokens().length;
            passes += d.passes();
            drafted += d.drafted();
            accepted += d.accepted();
            correct += Arrays.equals(d.tokens(), pt[1]) ? 1 : 0;
            examples++;
        }
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("tokens_per_pass", passes == 0 ? Double.NaN : (double) tokens / passes);
        m.put("draft_acceptance", drafted == 0 ? 0.0 : (double) accepted / drafted);
        if (!job.task().isText()) {
            m.put("spec_exact_match", examples == 0 ? Double.NaN : (double) correct / examples);
        }
        return m;
    }

    /** (prompt, target) token pairs: test examples, or halves of held-out text windows. */
    private static List<int[][]> prompts(TrainingJob job) {
        int n = job.evalExamples();
        if (job.task().isText()) {
            var shape = TrainerActor.batchConfig(job);
            int t = shape.seqLen();
            List<PackedRow> rows = job.task().corpus().heldOutRows(t, shape.lookahead(), n);
            return rows.stream().map(r -> new int[][] {Arrays.copyOf(r.tokens(), t / 2),
                    Arrays.copyOfRange(r.tokens(), t / 2, t)}).toList();
        }
        Tokenizer tok = job.task().tokenizer();
        TaskGenerator test = job.task().test(job.dataSeed());
        return java.util.stream.IntStream.range(0, n).mapToObj(test::example)
                .map(e -> new int[][] {tok.encode(e.prompt()), tok.encode(e.target())}).toList();
    }

    private static Gpt finalModel(TrainingJob job) throws Exception {
        try (CheckpointStore store = new CheckpointStore(job.checkpointDir(), job.keepCheckpoints())) {
            Checkpoint c = store.loadLatestValid()
                    .orElseThrow(() -> new IllegalStateException("no valid checkpoint in " + job.checkpointDir()));
            Gpt model = new Gpt(job.model(), job.objective(), DataType.FLOAT);
            ModelState.restore(c, model, null);
            return model;
        }
    }
}
