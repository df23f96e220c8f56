package io.ordo.deploy;

import static io.ordo.deploy.Cli.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ordo.model.Gpt;
import io.ordo.model.safetensors.GptSafetensors;
import io.ordo.model.safetensors.SafetensorsFile;
import io.ordo.model.tensor.Mat;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * {@code ordo export} on a real trained run: the file holds the checkpoint's weights bit for bit
 * with every head, config.json describes the model; {@code ordo train --init-from} starts from such
 * a file, and refuses one that does not fit in one line naming the tensor and both shapes.
 */
class ExportCommandTest {
    private static final String[] TINY = {"--task", "stargraph:2,3,10", "--d-model", "32", "--layers", "1", "--heads", "2",
            "--http-port", "-1"};

    @Test
    void exportsTheCheckpointBitForBitAndTrainingStartsFromIt(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("run");
        String[] trained = run(concat(TINY, "train", "--objective", "mtp:2", "--steps", "10", "--checkpoint-every", "5",
                "--eval-every", "10", "--out", out.toString()));
        assertEquals("0", trained[0], trained[1] + trained[2]);

        Path file = dir.resolve("export").resolve("model.safetensors");
        String[] r = run("export", "--out", out.toString(), "--format", "safetensors", file.toString());
        assertEquals("0", r[0], r[1] + r[2]);
        assertTrue(r[1].contains("exported step 10 (mtp:2"), r[1]);
        JsonNode config = new ObjectMapper().readTree(file.resolveSibling("config.json").toFile());
        assertEquals("mtp:2", config.get("objective").asText());
        assertEquals("[\"ntp\",\"mtp:2\"]", config.get("heads").toString());
        assertEquals(32, config.get("n_embd").asInt());
        assertEquals(10, config.get("step").asInt());
        assertEquals(config.get("vocab_size").asInt(), config.get("vocabulary").size(), "a task's vocabulary is listed");
        SafetensorsFile st = SafetensorsFile.open(file);
        assertEquals("pt", st.metadata().get("format"));
        assertTrue(st.entries().containsKey("mtp_heads.2.attn.c_attn.weight"), st.entries().keySet().toString());

        RunDirectory checkpoint = RunDirectory.open(out);
        Gpt imported = new Gpt(checkpoint.job().model().withSeed(1), checkpoint.job().objective(), DataType.FLOAT);
        GptSafetensors.load(file, imported);
        for (int i = 0; i < imported.params().size(); i++) {
            assertEquals(Float.floatToRawIntBits(checkpoint.model().params().values().getFloat(i)),
                    Float.floatToRawIntBits(imported.params().values().getFloat(i)), "parameter " + i);
        }
        int t = checkpoint.job().model().seqLen();
        int[] ids = new int[t];
        for (int i = 0; i < t; i++) {
            ids[i] = i % checkpoint.job().model().vocabSize();
        }
        Mat[] a = checkpoint.model().headLogits(ids, 1, t, 1, 2);
        Mat[] b = imported.headLogits(ids, 1, t, 1, 2);
        for (int h = 0; h < 2; h++) {
            for (int i = 0; i < a[h].size(); i++) {
                assertEquals(a[h].getFlat(i), b[h].getFlat(i), 0.0, "head " + (h + 1) + " logit " + i);
            }
        }

        // eval and generate on the exported file score and write as on the checkpoint it came from
        String[] evalCheckpoint = run("eval", "--out", out.toString());
        String[] evalFile = run("eval", "--out", out.toString(), "--init-from", file.toString());
        assertEquals("0", evalFile[0], evalFile[1] + evalFile[2]);
        assertEquals(evalCheckpoint[1].replace("step 10:", "step 0:"), evalFile[1]);
        String[] generated = run("generate", "--out", out.toString(), "--init-from", file.toString());
        assertEquals("0", generated[0], generated[1] + generated[2]);
        assertEquals(run("generate", "--out", out.toString())[1], generated[1]);

        Path older = dir.resolve("step5.safetensors");
        assertEquals("0", run("export", "--out", out.toString(), "--step", "5", older.toString())[0]);
        assertEquals(5, new ObjectMapper().readTree(dir.resolve("config.json").toFile()).get("step").asInt());

        // Training from the export at a vanishing learning rate keeps its weights: it started from them.
        Path tuned = dir.resolve("tuned");
        String[] fine = run(concat(TINY, "train", "--objective", "mtp:2", "--steps", "1", "--lr", "1e-30",
                "--init-from", file.toString(), "--out", tuned.toString()));
        assertEquals("0", fine[0], fine[1] + fine[2]);
        Gpt after = RunDirectory.open(tuned).model();
        for (int i = 0; i < after.params().size(); i++) {
            assertEquals(imported.params().values().getFloat(i), after.params().values().getFloat(i), 1e-6, "parameter " + i);
        }
    }

    @Test
    void refusesWeightsOfAnotherShapeNamingTheTensorAndBothShapes(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("run");
        assertEquals("0", run(concat(TINY, "train", "--objective", "ntp", "--steps", "2", "--out", out.toString()))[0]);
        Path file = dir.resolve("m.safetensors");
        assertEquals("0", run("export", "--out", out.toString(), file.toString())[0]);
        String[] r = run("train", "--task", "stargraph:2,3,10", "--d-model", "64", "--layers", "1", "--heads", "2",
                "--objective", "ntp", "--http-port", "-1", "--init-from", file.toString(), "--out", dir.resolve("b").toString());
        assertEquals("2", r[0], r[1] + r[2]);
        assertTrue(r[2].contains("tensor transformer.wte.weight has shape [") && r[2].contains(", 32] but this model needs [")
                && r[2].contains(", 64]"), r[2]);
        assertEquals(1, r[2].strip().lines().count(), r[2]);
        assertTrue(!Files.exists(dir.resolve("b").resolve("checkpoints")), "nothing trained");

        String[] format = run("export", "--out", out.toString(), "--format", "onnx", file.toString());
        assertEquals("2", format[0]);
        assertTrue(format[2].contains("unknown export format 'onnx'; allowed: safetensors"), format[2]);
        String[] step = run("export", "--out", out.toString(), "--step", "7", file.toString());
        assertEquals("2", step[0]);
        assertTrue(step[2].contains("no checkpoint of step 7"), step[2]);
        Path checkpoints = out.resolve("checkpoints");
        byte[] good = Files.readAllBytes(checkpoints.resolve("step-000000000002.ckpt"));
        good[good.length / 2] ^= 0x40;
        Files.write(checkpoints.resolve("step-000000000001.ckpt"), good);
        String[] corrupt = run("export", "--out", out.toString(), "--step", "1", file.toString());
        assertEquals("2", corrupt[0], corrupt[1] + corrupt[2]);
        assertTrue(corrupt[2].contains("; omit --step for the newest valid one"), corrupt[2]);
    }

    private static String[] concat(String[] options, String command, String... more) {
        String[] all = new String[1 + options.length + more.length];
        all[0] = command;
        System.arraycopy(options, 0, all, 1, options.length);
        System.arraycopy(more, 0, all, 1 + options.length, more.length);
        return all;
    }
}
