package io.ordo.deploy;

import static io.ordo.deploy.Cli.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ordo train --source}: the accepted forms, the errors, and a tailed directory end to end. */
class LiveSourceCommandTest {

    @Test
    void shouldTrainOnATailedDirectoryAndShowItsBadInput(@TempDir Path dir) throws Exception {
        Path in = Files.createDirectories(dir.resolve("in"));
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 300; i++) {
            text.append("record ").append(i).append(": the order of tokens ").append(i % 13).append('\n');
            if (i % 50 == 0) {
                text.append('\n');
            }
        }
        Files.writeString(in.resolve("a.txt"), text);
        Path out = dir.resolve("run");
        String[] r = run("train", "--source", "tail:" + in, "--text-seq-len", "32", "--objective", "ntp", "--steps", "6",
                "--batch", "4", "--d-model", "32", "--layers", "1", "--heads", "2", "--eval-every", "3",
                "--checkpoint-every", "3", "--http-port", "-1", "--out", out.toString());
        assertEquals("0", r[0], r[1] + r[2]);
        assertTrue(r[1].contains("live source: following the files of " + in.toAbsolutePath()), r[1]);
        assertTrue(r[1].contains("eval step 3: held-out perplexity"), r[1]);
        assertTrue(r[1].matches("(?s).*skipped \\d+ bad record\\(s\\) \\(empty \\d+\\).*"), "the summary shows skipped records: " + r[1]);
        List<String> train = Files.readAllLines(out.resolve("metrics.jsonl")).stream()
                .filter(l -> l.contains("\"train\"")).toList();
        assertTrue(train.get(train.size() - 1).contains("\"bad_input\":{\"empty\":"), train.toString());
        assertTrue(train.get(0).contains("\"data_wait_share\":"), train.get(0));
        assertTrue(Files.readString(out.resolve("config.conf")).contains("tail:"));
    }

    @Test
    void shouldRejectUnknownSchemesAndMalformedSourcesWithTheAcceptedForms() {
        for (String bad : List.of("ftp://h:1/x", "kafka://localhost:9092", "kafka://:9092/t", "http://127.0.0.1:8080/x",
                "tcp://nohost", "tail:")) {
            String[] r = run("train", "--source", bad);
            assertEquals("2", r[0], bad + ": " + r[1] + r[2]);
            assertTrue(r[2].contains("bad source '" + bad + "'") && r[2].contains("kafka://HOST:PORT/TOPIC"),
                    bad + ": " + r[2]);
        }
    }

    @Test
    void shouldNameTheKeyAndTheAllowedValuesOfBadLiveSettings(@TempDir Path dir) throws Exception {
        String[] format = run("train", "--source", "tail:" + dir, "--source-format", "xml");
        assertEquals("2", format[0]);
        assertTrue(format[2].contains("ordo.job.live.format") && format[2].contains("text | jsonl | jsonl:FIELD"),
                format[2]);
        Path conf = Files.writeString(dir.resolve("job.conf"), "ordo.job.live.spool-fsync = sometimes\n");
        String[] fsync = run("train", "--source", "tail:" + dir, "--config", conf.toString());
        assertEquals("2", fsync[0]);
        assertTrue(fsync[2].contains("ordo.job.live.spool-fsync = 'sometimes'; allowed: always | none"), fsync[2]);
        String[] notDir = run("train", "--source", "tail:" + dir.resolve("missing"), "--http-port", "-1",
                "--out", dir.resolve("run").toString());
        assertTrue(notDir[2].contains("is not a directory"), notDir[1] + notDir[2]);
    }
}
