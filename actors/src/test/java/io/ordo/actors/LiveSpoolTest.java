package io.ordo.actors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ordo.actors.job.LiveOptions;
import io.ordo.actors.job.LiveSource;
import io.ordo.actors.job.TaskSpec;
import io.ordo.actors.job.TextOptions;
import io.ordo.actors.job.TrainingJob;
import io.ordo.actors.live.LedgerAudit;
import io.ordo.model.ModelConfig;
import io.ordo.model.Objective;
import io.ordo.model.optim.OptimizerConfig;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HTTP ingest into the spool through the one training loop: what the checkpoints cover is deleted
 * from the spool (whole segments, once each checkpoint is durable), and the ledger shows every
 * spooled record trained once.
 */
class LiveSpoolTest {

    @Test
    void durableCheckpointsFreeTheSpoolSegmentsTheyCover(@TempDir Path tmp) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        LiveOptions options = new LiveOptions(LiveOptions.DEFAULTS.format(), Duration.ofMillis(20),
                Duration.ofMillis(200), "", 1024, 1, 64 << 10, 4 << 10, "none", 0.1, true);
        TaskSpec task = TaskSpec.live(LiveSource.parse("http://127.0.0.1:" + port + "/ingest", options),
                new TextOptions("byte", 16, 0.1));
        ModelConfig model = new ModelConfig(task.tokenizer().vocabSize(), task.exampleTokens(), 32, 2, 1, 2, 0.0, false, 5);
        Path out = tmp.resolve("run");
        TrainingJob job = TrainingJob.builder(task, Objective.ntp(), model, OptimizerConfig.defaults(), 150, out)
                .batchSize(4).evalExamples(4).checkpointEvery(10).workers(1).build();
        AtomicBoolean stop = new AtomicBoolean();
        Thread poster = new Thread(() -> post(port, stop), "poster");
        poster.start();
        try {
            Runs.Outcome outcome = Runs.run(job);
            assertEquals(150, outcome.summary().steps());
        } finally {
            stop.set(true);
            poster.join(10_000);
        }
        Path lane = out.resolve("spool").resolve("lane-0");
        long segments;
        try (Stream<Path> s = Files.list(lane)) {
            segments = s.count();
        }
        long first;
        try (Stream<Path> s = Files.list(lane)) {
            first = s.map(f -> Long.parseLong(f.getFileName().toString().replace(".seg", ""))).min(Long::compare).orElseThrow();
        }
        // 150 steps of 4 x 16 tokens consumed ~10 KB: 4 KB segments: the checkpoints' releases deleted them
        assertTrue(first > 0, "the first segments are gone: " + segments + " left, the first starts at " + first);
        LedgerAudit.Result audit = LedgerAudit.audit(out);
        assertTrue(audit.ends().get("spool:0").offset() >= first,
                "only segments before the trained position were deleted: " + audit.ends() + ", first " + first);
    }

    private static void post(int port, AtomicBoolean stop) {
        HttpClient client = HttpClient.newHttpClient();
        URI uri = URI.create("http://127.0.0.1:" + port + "/ingest");
        int n = 0;
        while (!stop.get()) {
            int from = n;
            String body = IntStream.range(from, from + 20).mapToObj(i -> "line " + i + " of streamed text to learn from")
                    .collect(Collectors.joining("\n", "", "\n"));
            try {
                HttpResponse<String> r = client.send(HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(), HttpResponse.BodyHandlers.ofString());
                n += r.statusCode() == 200 ? 20 : 0;
                Thread.sleep(r.statusCode() == 200 ? 20 : 200);
            } catch (ConnectException e) {
                sleepQuietly();
            } catch (Exception e) {
                return;
            }
        }
    }

    private static void sleepQuietly() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
