package io.ordo.deploy.config;

import com.typesafe.config.Config;

/**
 * Checkpointing, from {@code ordo.job.checkpoint}.
 *
 * @param every steps between checkpoints; 0 = only at the end and at shutdown
 * @param keep  checkpoints kept on disk, >= 1
 * @param async write checkpoints on a background thread
 */
public record CheckpointSettings(long every, int keep, boolean async) {
    public static final String EVERY = "checkpoint.every";
    public static final String KEEP = "checkpoint.keep";
    public static final String ASYNC = "checkpoint.async";

    /** Reads the keys of the resolved {@code ordo.job} section {@code c}. */
    public static CheckpointSettings from(Config c) {
        return new CheckpointSettings(JobKeys.longAtLeast(c, EVERY, 0), JobKeys.intAtLeast(c, KEEP, 1),
                c.getBoolean(ASYNC));
    }
}
