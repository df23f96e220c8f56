package io.ordo.deploy.ops;

import com.typesafe.config.Config;
import io.ordo.actors.job.TrainingJob;
import io.ordo.actors.report.RunListener;
import io.ordo.actors.report.RunSummary;
import io.ordo.deploy.JobConfig;
import io.ordo.deploy.JobRunner;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A short real training run (star graph G(2,3), N = 10, TOP, d = 128, two layers, batch 8: some
 * 10-30 ms a step here) with the node's HTTP endpoint on a free port, in a background thread.
 */
public final class LiveRun implements AutoCloseable {
    private final NodeOps ops;
    private final CompletableFuture<RunSummary> done;
    private final StringWriter console = new StringWriter();

    private LiveRun(Path out, long steps) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("ordo.job.data.task", "stargraph:2,3,10");
        o.put("ordo.job.model.d-model", 128);
        o.put("ordo.job.model.layers", 2);
        o.put("ordo.job.model.heads", 2);
        o.put("ordo.job.batch", 8);
        o.put("ordo.job.steps", steps);
        o.put("ordo.job.eval.every", steps / 4);
        o.put("ordo.job.eval.examples", 8);
        o.put("ordo.job.checkpoint.every", steps / 4);
        o.put("ordo.job.log-every", 2);
        o.put("ordo.job.checkpoint.keep", 10);
        o.put("ordo.job.http.port", 0);
        o.put("ordo.job.http.ready-data-timeout", "30s");
        o.put("ordo.job.out", out.toString());
        Config resolved = JobConfig.load(null, o);
        TrainingJob job = JobConfig.job(resolved);
        ops = NodeOps.create(OpsConfig.from(resolved.getConfig(JobConfig.PREFIX)), new PrintWriter(console, true));
        done = CompletableFuture.supplyAsync(() -> {
            try {
                return JobRunner.run(job, JobConfig.render(resolved), new RunListener() {
                }, ops);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** Starts the run; returns once its HTTP endpoint is bound and announced. */
    public static LiveRun start(Path out, long steps) throws Exception {
        LiveRun r = new LiveRun(out, steps);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (r.ops.binding().isEmpty() || !r.console().contains("ordo: dashboard ")) {
            if (r.done.isDone()) {
                r.done.get();
                throw new AssertionError("run ended before its endpoint was bound: " + r.console);
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("endpoint not bound within 60 s: " + r.console);
            }
            Thread.sleep(20);
        }
        return r;
    }

    /** The endpoint's base address, e.g. {@code http://127.0.0.1:43121/}. */
    public URI base() {
        return URI.create("http://127.0.0.1:" + ops.binding().orElseThrow().localAddress().getPort() + "/");
    }

    /** What the run printed (the endpoint's address line). */
    public String console() {
        return console.toString();
    }

    public RunSummary await() throws Exception {
        return done.get(300, TimeUnit.SECONDS);
    }

    public boolean isDone() {
        return done.isDone();
    }

    /** Waits for the run to finish. */
    @Override
    public void close() throws Exception {
        await();
    }
}
