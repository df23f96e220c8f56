package io.ordo.deploy;

import static io.ordo.deploy.Cli.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.ConfigFactory;
import io.ordo.actors.job.TrainingJob;
import io.ordo.actors.state.ModelState;
import io.ordo.checkpoint.Checkpoint;
import io.ordo.checkpoint.CheckpointFormat;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The grouped {@code ordo.job} keys: nested HOCON is read into the job, a flat key of ordo 0.1 fails
 * naming its new key, an old run directory's flat {@code config.conf} still opens, and checkpoints
 * record the rendered config (old ones, with the job's {@code toString()}, still load).
 */
class JobConfigTest {
    private static final String[] SMALL = {"--task", "stargraph:2,3,10", "--batch", "4", "--d-model",
        "16", "--layers", "1", "--heads", "2", "--eval-every", "0", "--eval-examples", "8", "--http-port", "-1"};

    @Test
    void shouldReadNestedGroupsFromAConfigFile(@TempDir Path dir) throws Exception {
        Path conf = Files.writeString(dir.resolve("job.conf"), """
                ordo.job {
                  steps = 30
                  model { d-model = 48, heads = 3, layers = 2, objective = "mtp:2" }
                  optimizer { lr = 1e-3, warmup = 5 }
                  eval { every = 10, examples = 20 }
                  checkpoint { every = 15, keep = 2 }
                  data.order = reverse
                  parallel.workers = 1
                }
                """);
        TrainingJob job = JobConfig.job(JobConfig.load(conf, Map.of("ordo.job.model.layers", 4)));
        assertEquals(48, job.model().dModel());
        assertEquals(3, job.model().nHeads());
        assertEquals(4, job.model().nLayers(), "an override beats the file");
        assertEquals("mtp:2", job.objective().toString());
        assertEquals(1e-3, job.optimizer().learningRate(), 1e-12);
        assertEquals(10, job.evalEvery());
        assertEquals(20, job.evalExamples());
        assertEquals(15, job.checkpointEvery());
        assertEquals(2, job.keepCheckpoints());
        assertEquals("reverse", job.order().toString().toLowerCase(java.util.Locale.ROOT));
        assertEquals(1, job.workers());
        assertTrue(job.config().contains("d-model=48"), job.config());
    }

    @Test
    void shouldNameTheNewKeyOfAFlatKey(@TempDir Path dir) throws Exception {
        Path conf = Files.writeString(dir.resolve("old.conf"), "ordo.job { lr = 1e-3\n keep-checkpoints = 2 }\n");
        var e = assertThrows(IllegalArgumentException.class, () -> JobConfig.load(conf, Map.of()));
        assertTrue(e.getMessage().contains("ordo.job.lr moved to ordo.job.optimizer.lr"), e.getMessage());
        assertTrue(e.getMessage().contains("ordo.job.keep-checkpoints moved to ordo.job.checkpoint.keep"), e.getMessage());
        assertEquals(1, e.getMessage().lines().count());
    }

    @Test
    void shouldNameTheKeyAndTheAllowedValues() {
        var e = assertThrows(IllegalArgumentException.class, () -> JobConfig.job(JobConfig.load(null,
                Map.of("ordo.job.checkpoint.keep", 0))));
        assertEquals("ordo.job.checkpoint.keep = 0; allowed: a whole number >= 1", e.getMessage());
        var dropout = assertThrows(IllegalArgumentException.class, () -> JobConfig.job(JobConfig.load(null,
                Map.of("ordo.job.model.dropout", 1.5))));
        assertTrue(dropout.getMessage().startsWith("ordo.job.model.dropout = 1.5; allowed:"), dropout.getMessage());
    }

    @Test
    void shouldOpenARunDirectoryWithAFlatConfigOfOrdo01(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("config.conf"), """
                ordo {
                    job {
                        task="stargraph:2,3,10"
                        d-model=16
                        heads=2
                        layers=1
                        objective=ntp
                        lr=0.002
                        keep-checkpoints=5
                        eval-every=7
                        workers=1
                        http-port=-1
                    }
                }
                """);
        TrainingJob job = RunDirectory.jobOf(dir);
        assertEquals(16, job.model().dModel());
        assertEquals(1, job.model().nLayers());
        assertEquals("ntp", job.objective().toString());
        assertEquals(0.002, job.optimizer().learningRate(), 1e-12);
        assertEquals(5, job.keepCheckpoints());
        assertEquals(7, job.evalEvery());
    }

    @Test
    void shouldRecordTheRenderedConfigInCheckpointsAndStillLoadOldOnes(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("run");
        String[] r = run(concat(SMALL, "--steps", "4", "--seed", "5", "--out", out.toString()));
        assertEquals("0", r[0], r[1] + r[2]);
        Path file = out.resolve("checkpoints").resolve("step-000000000004.ckpt");
        Checkpoint c = CheckpointFormat.read(file);
        ModelState.Meta meta = ModelState.meta(c);
        assertNull(meta.job());
        assertEquals(Files.readString(out.resolve("config.conf")), meta.config(), "the run's config.conf text");
        TrainingJob fromMeta = JobConfig.job(ConfigFactory.parseString(meta.config()).withFallback(ConfigFactory.load())
                .resolve());
        assertEquals(RunDirectory.jobOf(out).model(), fromMeta.model());
        assertEquals(5, fromMeta.dataSeed());

        ObjectNode old = (ObjectNode) new ObjectMapper().readTree(c.metaJson());
        old.remove("config");
        old.put("job", "TrainingJob[task=TaskSpec[...], objective=top, steps=4, ...]");
        Files.delete(file);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            CheckpointFormat.write(ch, new Checkpoint(c.step(), old.toString(), c.sections()));
        }
        ModelState.Meta oldMeta = ModelState.meta(CheckpointFormat.read(file));
        assertNull(oldMeta.config());
        assertTrue(oldMeta.job().startsWith("TrainingJob["));
        String[] eval = run("eval", "--out", out.toString());
        assertEquals("0", eval[0], eval[1] + eval[2]);
        assertTrue(eval[1].startsWith("step 4:"), eval[1]);
        String[] resumed = run(concat(SMALL, "--seed", "5", "--steps", "6", "--resume", "--out", out.toString()));
        assertEquals("0", resumed[0], resumed[1] + resumed[2]);
        assertTrue(resumed[1].contains("done: 6 steps"), resumed[1]);
    }

    private static String[] concat(String[] a, String... b) {
        String[] all = new String[1 + a.length + b.length];
        all[0] = "train";
        System.arraycopy(a, 0, all, 1, a.length);
        System.arraycopy(b, 0, all, 1 + a.length, b.length);
        return all;
    }
}
