package io.ordo.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ordo.actors.live.LedgerAudit;
import io.ordo.actors.state.ModelState;
import io.ordo.checkpoint.CheckpointStore;
import io.ordo.streams.cursor.Cursor;
import io.ordo.streams.frame.Framed;
import io.ordo.streams.frame.TextRecord;
import io.ordo.streams.spool.FsyncPolicy;
import io.ordo.streams.spool.Spool;
import io.ordo.streams.spool.SpoolConfig;
import java.io.IOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.stream.javadsl.Sink;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HTTP ingest with a SIGKILL: a real {@code ordo train --source http://...} process is killed while
 * records are being posted, then resumed while posting goes on. Every acknowledged record is in the
 * spool exactly once, and the data ledger shows the spool's records trained exactly once (held-out
 * records, by their hash, are skipped on purpose) up to the final checkpoint's position, which lies
 * past every acknowledged record.
 */
@Tag("system")
class LiveIngestKillTest {
    private static final int STEPS = 120;
    private static final int TRACKED = 160;
    private static final int PER_REQUEST = 8;

    @TempDir
    Path dir;

    @Test
    void shouldTrainEveryAcknowledgedRecordOnceAcrossASigkill() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path out = dir.resolve("run");
        Set<Integer> acked = ConcurrentHashMap.newKeySet();
        Poster poster = new Poster(URI.create("http://127.0.0.1:" + port + "/ingest"), acked);
        Process first = start(out, port, false, dir.resolve("first.log"));
        Thread posting = new Thread(poster, "poster");
        posting.start();
        try {
            ChildOrdo.awaitCheckpoint(out, 40, first, dir.resolve("first.log"));
            first.destroyForcibly(); // SIGKILL mid-ingest, mid-training
            assertTrue(first.waitFor(30, TimeUnit.SECONDS));
            String log = ChildOrdo.awaitSuccess(start(out, port, true, dir.resolve("second.log")),
                    dir.resolve("second.log"), 120);
            assertTrue(poster.trackedDone.get(), "every tracked record was posted before the run ended: " + log);
            assertTrue(log.matches("(?s).*steps [1-9]\\d*\\.\\." + STEPS + ".*"), "the second run resumed: " + log);
        } finally {
            poster.stop.set(true);
            posting.join(10_000);
            first.destroyForcibly();
        }

        Map<Integer, Long> spooled = spooledIds(out);
        for (int id : acked) {
            assertTrue(spooled.containsKey(id), "acknowledged record " + id + " is in the spool");
        }
        LedgerAudit.Result audit = LedgerAudit.audit(out);
        Cursor end = audit.ends().get("spool:0");
        assertEquals(finalLanes(out).get("spool:0"), end, "the ledger's trained ranges join up to the final checkpoint");
        long lastAcked = acked.stream().mapToLong(spooled::get).max().orElseThrow();
        assertTrue(end.offset() > lastAcked, "every acknowledged record lies before the trained end " + end
                + " (last acknowledged at " + lastAcked + "): trained, or held out by its hash");
        assertTrue(acked.size() > TRACKED / 2, "most tracked records were acknowledged: " + acked.size());
    }

    /** Tracked record ids in the spool (lane 0) with their positions; fails on a duplicate. */
    private static Map<Integer, Long> spooledIds(Path out) throws Exception {
        ActorSystem system = ActorSystem.create("spool-read");
        try (Spool spool = Spool.open(out.resolve("spool"), new SpoolConfig(1, 1 << 20, 4 << 20, FsyncPolicy.NONE, 1 << 16))) {
            long end = spool.endPosition(0);
            List<Framed> records = spool.lane(0).records(Optional.empty())
                    .takeWhile(f -> f instanceof TextRecord r && r.nextOffset() < end, true)
                    .runWith(Sink.seq(), system).toCompletableFuture().get(30, TimeUnit.SECONDS);
            Map<Integer, Long> ids = new HashMap<>();
            for (Framed f : records) {
                TextRecord r = (TextRecord) f;
                if (r.text().startsWith("tracked ")) {
                    int id = Integer.parseInt(r.text().split(" ")[1]);
                    Long before = ids.put(id, r.at().offset());
                    assertEquals(null, before, "record " + id + " is in the spool once");
                }
            }
            return ids;
        } finally {
            system.terminate();
        }
    }

    private static Map<String, Cursor> finalLanes(Path out) throws IOException {
        try (CheckpointStore store = new CheckpointStore(out.resolve("checkpoints"), 3)) {
            var c = store.loadLatestValid().orElseThrow();
            assertEquals(STEPS, c.step());
            return ModelState.meta(c).lanePositions();
        }
    }

    private static Process start(Path out, int port, boolean resume, Path log) throws IOException {
        List<String> args = new ArrayList<>(List.of("train",
                "--source", "http://127.0.0.1:" + port + "/ingest", "--objective", "ntp", "--text-seq-len", "16",
                "--d-model", "32", "--layers", "1", "--heads", "2", "--batch", "4", "--workers", "1",
                "--steps", Integer.toString(STEPS), "--eval-every", "0", "--checkpoint-every", "10",
                "--http-port", "-1", "--out", out.toString()));
        if (resume) {
            args.add("--resume");
        }
        return ChildOrdo.start(List.of("ordo.job.live.ledger=true", "ordo.job.live.linger=20ms",
                "ordo.job.live.heartbeat=200ms", "ordo.job.live.spool-segment=1MiB", "ordo.job.live.max-record-bytes=4KiB",
                "ordo.job.live.spool-cap=8MiB", "ordo.job.eval.examples=4", "ordo.job.log-every=20"), args, log);
    }

    /**
     * Posts {@value #TRACKED} tracked records ({@value #PER_REQUEST} a request), then filler until
     * stopped. A request refused at connect (no server: nothing appended) is retried; one that
     * failed after it was sent is counted as unacknowledged and not retried.
     */
    private static final class Poster implements Runnable {
        final URI uri;
        final Set<Integer> acked;
        final AtomicBoolean stop = new AtomicBoolean();
        final AtomicBoolean trackedDone = new AtomicBoolean();
        final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

        Poster(URI uri, Set<Integer> acked) {
            this.uri = uri;
            this.acked = acked;
        }

        @Override
        public void run() {
            int next = 0;
            int filler = 0;
            while (!stop.get()) {
                List<Integer> ids = IntStream.range(next, Math.min(TRACKED, next + PER_REQUEST)).boxed().toList();
                String body = ids.isEmpty()
                        ? IntStream.range(0, PER_REQUEST).mapToObj(i -> "filler line of training text number " + i)
                                .collect(Collectors.joining("\n", "", "\n"))
                        : ids.stream().map(i -> "tracked " + i + " some words to train on, more than a few")
                                .collect(Collectors.joining("\n", "", "\n"));
                try {
                    HttpResponse<String> r = client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
                            .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() == 200) {
                        acked.addAll(ids);
                    }
                    next += ids.size();
                    filler += ids.isEmpty() ? 1 : 0;
                    trackedDone.set(next >= TRACKED);
                    Thread.sleep(ids.isEmpty() ? 5 : 15);
                } catch (ConnectException e) {
                    sleep(50); // the server is down: nothing was sent, retry the same records
                } catch (IOException e) {
                    next += ids.size(); // sent, no answer: maybe appended, not acknowledged
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        private static void sleep(long ms) {
            try {
                Thread.sleep(ms);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
