package io.ordo.deploy;

import static io.ordo.deploy.Cli.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ordo train} runs the actor pipeline end to end; bad options and config fail with clear messages. */
class TrainCommandTest {
    @Test
    void shouldTrainAndLeaveCheckpointsMetricsAndConfigInTheRunDirectory(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("run");
        String[] r = run("train", "--task", "stargraph:2,3,10", "--steps", "20", "--d-model", "32", "--layers", "1",
                "--heads", "2", "--eval-every", "10", "--checkpoint-every", "10", "--out", out.toString());
        assertEquals("0", r[0], r[1] + r[2]);
        assertTrue(r[1].contains("done: 20 steps"), r[1]);
        assertTrue(r[1].contains("eval step 10"), r[1]);
        assertTrue(Files.readString(out.resolve("config.conf")).contains("stargraph:2,3,10"));
        assertEquals(2, Files.readAllLines(out.resolve("metrics.jsonl")).stream().filter(l -> l.contains("\"train\"")).count(),
                "one train line per log-every = 10 steps");
        try (var files = Files.list(out.resolve("checkpoints"))) {
            assertTrue(files.anyMatch(f -> f.getFileName().toString().equals("step-000000000020.ckpt")));
        }
        String[] again = run("train", "--task", "stargraph:2,3,10", "--steps", "20", "--out", out.toString());
        assertEquals("2", again[0]);
        assertTrue(again[2].contains("--resume"), again[2]);
    }

    @Test
    void shouldTrainOnATextFileAndReportHeldOutPerplexity(@TempDir Path dir) throws Exception {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 300; i++) {
            text.append("line ").append(i).append(": the order of tokens ").append(i % 13).append('\n');
        }
        Path corpus = Files.writeString(dir.resolve("corpus.txt"), text);
        Path out = dir.resolve("run");
        String[] r = run("train", "--task", "text:" + corpus, "--text-seq-len", "32", "--objective", "ntp", "--steps", "10",
                "--batch", "4", "--d-model", "32", "--layers", "1", "--heads", "2", "--eval-every", "5", "--out", out.toString());
        assertEquals("0", r[0], r[1] + r[2]);
        assertTrue(r[1].contains("eval step 5: held-out perplexity"), r[1]);
        assertTrue(r[1].contains("final held-out perplexity"), r[1]);
        assertTrue(Files.readString(out.resolve("metrics.jsonl")).contains("\"perplexity\":"));
        String[] eval = run("eval", "--out", out.toString());
        assertEquals("0", eval[0], eval[1] + eval[2]);
        assertTrue(eval[1].startsWith("step 10: held-out perplexity"), eval[1]);
    }

    @Test
    void shouldRejectBadTextSettingsNamingTheKeyAndTheAllowedValues(@TempDir Path dir) throws Exception {
        Path corpus = Files.writeString(dir.resolve("c.txt"), "some text\n");
        String[] r = run("train", "--task", "text:" + corpus, "--text-tokenizer", "digits");
        assertEquals("2", r[0]);
        assertTrue(r[2].contains("ordo.job.data.text-tokenizer") && r[2].contains("byte, r50k, p50k, cl100k, o200k"), r[2]);
        String[] order = run("train", "--task", "text:" + corpus, "--order", "mi");
        assertEquals("2", order[0]);
        assertTrue(order[2].contains("ordo.job.data.order") && order[2].contains("natural"), order[2]);
    }

    @Test
    void shouldTrainWithTwoWorkers(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("run");
        String[] r = run("train", "--task", "stargraph:2,3,10", "--steps", "6", "--d-model", "32", "--layers", "1",
                "--heads", "2", "--batch", "8", "--workers", "2", "--out", out.toString());
        assertEquals("0", r[0], r[1] + r[2]);
        assertTrue(r[1].contains("workers 2") && r[1].contains("done: 6 steps"), r[1]);
        assertTrue(Files.readString(out.resolve("config.conf")).contains("workers=2"),
                Files.readString(out.resolve("config.conf")));
    }

    @Test
    void shouldRejectMoreWorkersThanRows() {
        String[] r = run("train", "--batch", "4", "--workers", "5");
        assertEquals("2", r[0]);
        assertTrue(r[2].contains("workers must be in 1..batch (4) so each has a row; got 5"), r[2]);
    }

    @Test
    void shouldRejectWorkersThatAreNeitherAutoNorACount() {
        String[] r = run("train", "--workers", "many");
        assertEquals("2", r[0]);
        assertTrue(r[2].contains("ordo.job.parallel.workers = 'many'") && r[2].contains("allowed: auto or a positive integer"), r[2]);
    }

    @Test
    void shouldPickOneWorkerPerProcessorThatDividesTheBatchForAuto() {
        assertEquals(2, JobConfig.autoWorkers(64, 2));
        assertEquals(4, JobConfig.autoWorkers(64, 6));
        assertEquals(3, JobConfig.autoWorkers(9, 4));
        assertEquals(1, JobConfig.autoWorkers(7, 4));
        assertEquals(1, JobConfig.autoWorkers(8, 1));
        assertEquals(2, JobConfig.autoWorkers(2, 16));
    }

    @Test
    void shouldRejectUnknownObjectiveNamingTheAllowedOnes() {
        String[] r = run("train", "--objective", "nope");
        assertEquals("2", r[0]);
        assertTrue(r[2].contains("allowed: ntp, top, mtp:N"), r[2]);
    }

    @Test
    void shouldRejectUnknownConfigKeysNamingTheKnownOnes(@TempDir Path dir) throws Exception {
        Path conf = dir.resolve("bad.conf");
        Files.writeString(conf, "ordo.job { stepz = 5 }");
        String[] r = run("train", "--config", conf.toString());
        assertEquals("2", r[0]);
        assertTrue(r[2].contains("ordo.job.stepz") && r[2].contains("steps"), r[2]);
    }
}
