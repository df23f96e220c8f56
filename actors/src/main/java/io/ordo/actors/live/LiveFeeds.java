package io.ordo.actors.live;

import io.ordo.actors.job.LiveSource;
import io.ordo.actors.job.TrainingJob;
import io.ordo.streams.batch.BatchConfig;
import java.nio.file.Path;
import java.util.Optional;

/** Opens the {@link LiveFeed} of a job's {@code --source}. */
public final class LiveFeeds {

    private LiveFeeds() {
    }

    /**
     * The feed of {@code job}'s live source, or empty when the job reads a task or a corpus.
     *
     * @param config the batch shape the job trains on
     * @param runDir the run directory (spooled sources keep their spool there)
     */
    public static Optional<LiveFeed> open(TrainingJob job, BatchConfig config, Path runDir) {
        if (!job.task().isLive()) {
            return Optional.empty();
        }
        LiveSource source = job.task().live();
        var tokenizer = job.task().tokenizer();
        int heldOut = job.evalExamples();
        int keep = job.keepCheckpoints();
        return Optional.of(switch (source.kind()) {
            case TAIL -> new TailFeed(source.dir(), source.options(), tokenizer, config.seqLen(), config.lookahead(),
                    heldOut, keep);
            case HTTP, TCP, STDIN -> new SpoolFeed(source, runDir, job.workers(), tokenizer, config.seqLen(),
                    config.lookahead(), heldOut, keep);
            case KAFKA -> new KafkaFeed(source, tokenizer, config.seqLen(), config.lookahead(), heldOut, keep);
        });
    }
}
