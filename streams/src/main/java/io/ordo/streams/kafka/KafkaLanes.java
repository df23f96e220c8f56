package io.ordo.streams.kafka;

import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.ClassicActorSystemProvider;

/** The lanes of a Kafka topic, one per partition, and the share of them each rank reads. */
public final class KafkaLanes {

    private KafkaLanes() {
    }

    /**
     * The lanes that rank {@code rank} of {@code world} reads: partitions {@code p} with
     * {@code p % world == rank}, in partition order. A fixed rule, not a group rebalance: every rank
     * computes the same split, and it changes only when the world or the partition count does.
     *
     * @param partitions the topic's partition count ({@link KafkaTopic#partitions()})
     */
    public static List<KafkaPartitionLane> forRank(ClassicActorSystemProvider system, KafkaSourceConfig config,
                                                   int partitions, int rank, int world) {
        if (world < 1 || rank < 0 || rank >= world) {
            throw new IllegalArgumentException("rank " + rank + " of world " + world);
        }
        List<KafkaPartitionLane> lanes = new ArrayList<>();
        for (int p = rank; p < partitions; p += world) {
            lanes.add(KafkaPartitionLane.create(system, config, p));
        }
        return lanes;
    }
}
