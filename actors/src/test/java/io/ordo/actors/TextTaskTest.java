package io.ordo.actors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ordo.actors.eval.HeldOut;
import io.ordo.actors.job.TrainingJob;
import io.ordo.actors.report.EvalResult;
import io.ordo.model.Gpt;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;

/** Training on a text file through the actor pipeline, scored by held-out perplexity. */
class TextTaskTest {

    /** About 5 KB of lines of words; 20% held out leaves ~18 training batches of 8 x 32 bytes per epoch. */
    private static Path corpus(Path dir) throws Exception {
        String[] words = {"the", "model", "predicts", "next", "token", "order", "of", "a", "star", "graph", "path",
                "and", "text", "is", "read", "line", "by"};
        Random rnd = new Random(3);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 180; i++) {
            int n = 3 + rnd.nextInt(6);
            for (int w = 0; w < n; w++) {
                sb.append(w == 0 ? "" : " ").append(words[rnd.nextInt(words.length)]);
            }
            sb.append(".\n");
        }
        Path file = dir.resolve("corpus.txt");
        Files.writeString(file, sb.toString(), StandardCharsets.UTF_8);
        return file;
    }

    /** The evaluation of the untrained model (the trainer's initial parameters: same config and seed). */
    private static EvalResult atStepZero(TrainingJob job) {
        Gpt model = new Gpt(job.model(), job.objective(), DataType.FLOAT);
        return Evaluator.evaluate(job, model, HeldOut.of(job, TrainerActor.batchConfig(job)),
                new Evaluator.Evaluate(0, model.params().values().dup(), null, null));
    }

    @Test
    void shouldReportHeldOutPerplexityFallingFromAboutTheVocabularySize(@TempDir Path dir) throws Exception {
        Path text = corpus(dir);
        TrainingJob job = Runs.textJob(dir.resolve("run"), text, 40, false);
        EvalResult before = atStepZero(job);
        Runs.Outcome o = Runs.run(job);
        EvalResult after = o.summary().finalEval();

        assertTrue(before.isText() && after.isText());
        assertEquals(16, after.examples(), "16 held-out windows");
        assertTrue(before.perplexity() > 200 && before.perplexity() < 320,
                "untrained byte model is near uniform over 256: " + before.perplexity());
        assertEquals(Math.exp(after.ntp()), after.perplexity(), 1e-9);
        assertTrue(Double.isFinite(after.perplexity()) && after.perplexity() < before.perplexity() / 4,
                "perplexity " + before.perplexity() + " -> " + after.perplexity());
        System.out.printf("text perplexity: step 0 %.2f -> step 40 %.2f%n", before.perplexity(), after.perplexity());

        List<String> evals = Files.readAllLines(job.metricsFile()).stream().filter(l -> l.contains("\"eval\"")).toList();
        assertEquals(1, evals.size());
        assertTrue(evals.get(0).contains("\"perplexity\":") && evals.get(0).contains("\"ntp\":"), evals.get(0));
        assertFalse(evals.get(0).contains("accuracy"), evals.get(0));
    }

    @Test
    void shouldResumeATextRunAcrossAnEpochWithTheSameLossTrajectory(@TempDir Path dir) throws Exception {
        Path text = corpus(dir);
        Runs.Outcome whole = Runs.run(Runs.textJob(dir.resolve("whole"), text, 30, false));
        Runs.run(Runs.textJob(dir.resolve("split"), text, 12, false));
        Runs.Outcome resumed = Runs.run(Runs.textJob(dir.resolve("split"), text, 30, true));
        assertEquals(13L, resumed.losses().keySet().iterator().next(), "resume continues after step 12");
        for (long step = 13; step <= 30; step++) {
            assertEquals(whole.losses().get(step), resumed.losses().get(step), 1e-5, "loss at step " + step);
        }
    }
}
