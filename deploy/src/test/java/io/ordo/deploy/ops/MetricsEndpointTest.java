package io.ordo.deploy.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scrapes {@code /metrics} of a node during a real training run and checks that the key series
 * move; checks {@code /alive} and {@code /ready} (ready while training, not ready once finished).
 */
class MetricsEndpointTest {

    @Test
    void shouldExposePrometheusSeriesThatMoveDuringTrainingAndHealthChecks(@TempDir Path dir) throws Exception {
        try (LiveRun run = LiveRun.start(dir.resolve("run"), 200)) {
            URI base = run.base();
            assertTrue(run.console().contains("ordo: dashboard " + base), run.console());

            String first = scrapeUntil(base, t -> Scrape.value(t, "ordo_step ").orElse(0) >= 4);
            HttpResponse<String> r = Scrape.get(base.resolve("metrics"));
            assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"),
                    r.headers().toString());
            assertEquals(200, Scrape.get(base.resolve("alive")).statusCode());
            HttpResponse<String> ready = awaitStatus(base.resolve("ready"), 200);
            assertEquals(200, ready.statusCode(), ready.body());

            double step1 = Scrape.value(first, "ordo_step ").orElseThrow();
            String second = scrapeUntil(base, t -> Scrape.value(t, "ordo_step ").orElse(0) >= step1 + 20
                    && Scrape.value(t, "ordo_checkpoint_duration_seconds_count ").orElse(0) >= 1);
            for (String series : new String[] {"ordo_tokens_total ", "ordo_steps_total ",
                    "ordo_step_duration_seconds_count ", "ordo_step_duration_seconds_sum ",
                    "ordo_actor_messages_processed_total{actor=\"trainer\"} ",
                    "ordo_actor_messages_processed_total{actor=\"supervisor\"} ",
                    "ordo_actor_processing_duration_seconds_count{actor=\"trainer\"} ",
                    "ordo_stream_elements_total{stage=\"examples\"} ",
                    "ordo_stream_elements_total{stage=\"batched\"} "}) {
                double a = Scrape.value(first, series).orElseThrow(() -> new AssertionError("no " + series + " in\n" + first));
                double b = Scrape.value(second, series).orElseThrow(() -> new AssertionError("no " + series + " in\n" + second));
                assertTrue(b > a, series + "moved from " + a + " to " + b);
            }
            double perStep = Scrape.value(second, "ordo_tokens_total ").orElseThrow() / Scrape.value(second, "ordo_steps_total ").orElseThrow();
            assertTrue(perStep > 0 && perStep % 8 == 0, "tokens per step are 8 rows of T tokens: " + perStep);
            for (String term : new String[] {"total", "ntp", "top"}) {
                double loss = Scrape.value(second, "ordo_loss{split=\"train\",term=\"" + term + "\"} ").orElseThrow();
                assertTrue(loss > 0 && Double.isFinite(loss), term + " loss " + loss);
            }
            assertTrue(Scrape.value(second, "ordo_learning_rate ").orElseThrow() > 0);
            assertTrue(Scrape.value(second, "ordo_gradient_norm ").orElseThrow() > 0);
            assertTrue(Scrape.value(second, "ordo_checkpoint_size_bytes ").orElseThrow() > 1000);
            assertTrue(Scrape.value(second, "ordo_checkpoint_written_bytes_total ").orElseThrow() > 1000);
            assertTrue(Scrape.value(second, "ordo_step_duration_seconds_bucket{le=\"+Inf\"} ").isPresent(), "a histogram");
            assertTrue(Scrape.value(second, "ordo_actor_mailbox_depth{actor=\"trainer\"} ").isPresent());
            assertEquals(0.0, Scrape.value(second, "ordo_actor_restarts_total{actor=\"trainer\"} ").orElseThrow());
            assertEquals(0.0, Scrape.value(second, "ordo_stream_bad_records_total{reason=\"malformed_utf8\"} ").orElseThrow());
            // one JVM: ring epoch 0, rank 0 of the workers (--workers auto); the in-JVM exchange is metered as the ring is
            assertEquals(0.0, Scrape.value(second, "ordo_ring_epoch ").orElseThrow());
            assertEquals(0.0, Scrape.value(second, "ordo_ring_rank ").orElseThrow());
            double workers = Scrape.value(second, "ordo_ring_world ").orElseThrow();
            assertTrue(workers >= 1, "workers " + workers);
            double exchanges = Scrape.value(second, "ordo_allreduce_duration_seconds_count ").orElseThrow();
            assertEquals(workers > 1, Scrape.value(second, "ordo_allreduce_bytes_total ").orElseThrow() > 0,
                    "all-reduce bytes with " + workers + " workers");
            assertEquals(workers > 1, exchanges > 0, "exchanges timed with " + workers + " workers: " + exchanges);
            assertTrue(second.contains("jvm_memory_used_bytes{"), "JVM memory binder");
            assertTrue(second.contains("jvm_gc_"), "JVM GC binder");
            assertTrue(Scrape.value(second, "jvm_threads_live_threads ").orElseThrow() > 0, "JVM thread binder");

            run.await();
        }
    }

    /** Scrapes until {@code ok} holds (30 s at most). */
    private static String scrapeUntil(URI base, Predicate<String> ok) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            String text = Scrape.get(base.resolve("metrics")).body();
            if (ok.test(text)) {
                return text;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met by the scrapes; last:\n" + text);
            }
            Thread.sleep(100);
        }
    }

    private static HttpResponse<String> awaitStatus(URI uri, int status) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        HttpResponse<String> r = Scrape.get(uri);
        while (r.statusCode() != status && System.nanoTime() < deadline) {
            Thread.sleep(100);
            r = Scrape.get(uri);
        }
        return r;
    }
}
