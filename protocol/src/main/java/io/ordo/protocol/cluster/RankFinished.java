package io.ordo.protocol.cluster;

/**
 * A rank trained the job's last step: the coordinator stops re-forming rings for this job.
 *
 * @param epoch the ring it finished in
 * @param rank  its rank in that ring
 * @param step  the last step
 */
public record RankFinished(long epoch, int rank, long step) implements CoordinatorMessage {
}
