package io.ordo.deploy;

import static io.ordo.deploy.Cli.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ordo.actors.Tmpfs;
import io.ordo.checkpoint.CheckpointStore;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ordo train} with bad checkpoints: {@code --resume} past a corrupt newest checkpoint, and a
 * final checkpoint that the disk has no room for.
 */
class TrainCheckpointFaultsTest {
    private static final List<String> JOB = List.of("train", "--task", "stargraph:2,3,10", "--d-model", "32",
            "--layers", "1", "--heads", "2", "--eval-every", "10", "--http-port", "-1");

    @Test
    void shouldResumeFromThePreviousGoodCheckpointWhenTheNewestIsCorruptAndSaySo(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("run");
        String[] first = run(args("--steps", "20", "--checkpoint-every", "10", "--out", out.toString()));
        assertEquals("0", first[0], first[1] + first[2]);
        Path newest = out.resolve("checkpoints").resolve(CheckpointStore.fileName(20));
        flipByte(newest, Files.size(newest) / 6); // inside the params section (a third of the data)

        String[] resumed = run(args("--steps", "30", "--checkpoint-every", "10", "--out", out.toString(), "--resume"));

        assertEquals("0", resumed[0], resumed[1] + resumed[2]);
        String line = resumed[1].lines().filter(l -> l.startsWith("ordo: skipping")).findFirst().orElseThrow(
                () -> new AssertionError("no skip line in: " + resumed[1]));
        assertTrue(line.startsWith("ordo: skipping corrupt checkpoint " + newest + ": checksum mismatch in section "
                + "'params'") && line.endsWith("; resuming from step 10"), line);
        assertTrue(resumed[1].contains("steps 11..30"), resumed[1]);
        assertEquals(List.of(20L), RunFiles.steps(RunFiles.metrics(out), "checkpoint_skipped"),
                "metrics.jsonl records the skipped file");
        RunFiles.finalCheckpoint(out, 30);
    }

    @Tag("system")
    @Test
    void shouldExitNonZeroNamingTheDirectoryWhenTheFinalCheckpointCannotBeWritten(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("run");
        Path checkpoints = out.resolve("checkpoints");
        try (Tmpfs disk = Tmpfs.mount(checkpoints, "4k")) { // one page: no checkpoint of this model fits
            String[] r = run(args("--steps", "20", "--checkpoint-every", "0", "--out", out.toString()));

            assertEquals("1", r[0], r[1] + r[2]);
            assertEquals("ordo: the final checkpoint (step 20) was not written to " + checkpoints
                    + ": No space left on device; the newest checkpoint on disk is none", r[2].strip());
            assertTrue(r[1].contains("done: 20 steps"), "every step trained: " + r[1]);
            assertTrue(r[1].contains("ordo: checkpoint at step 20 failed in " + checkpoints), r[1]);
        }
    }

    private static String[] args(String... more) {
        List<String> all = new java.util.ArrayList<>(JOB);
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    private static void flipByte(Path file, long offset) throws Exception {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.seek(offset);
            int b = f.read();
            f.seek(offset);
            f.write(~b);
        }
    }
}
