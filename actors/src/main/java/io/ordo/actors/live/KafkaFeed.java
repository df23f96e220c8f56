package io.ordo.actors.live;

import io.ordo.actors.job.LiveSource;
import io.ordo.streams.cursor.Cursor;
import io.ordo.streams.kafka.KafkaPartitionLane;
import io.ordo.streams.kafka.KafkaSourceConfig;
import io.ordo.streams.kafka.KafkaTopic;
import io.ordo.streams.live.Lane;
import io.ordo.streams.tokenize.Tokenizer;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * {@code kafka://HOST:PORT/TOPIC}: one lane per partition, partition p read by rank {@code p % world}
 * (manual assignment: the training ring, not a group rebalance, decides who reads what, so no
 * partition moves in the middle of a batch; a ring that re-forms with another world reassigns them
 * from the checkpoint's offsets). A lane starts at the checkpoint's offset, else at the group's
 * committed offset, else at the earliest. Once a checkpoint is durable its offsets are committed
 * to the consumer group, so {@code kafka-consumer-groups --describe} shows the trained position
 * and lag; the checkpoint, not the commit, is what a resume trusts.
 */
final class KafkaFeed extends LiveFeed {

    private final KafkaSourceConfig config;
    private final KafkaTopic topic;
    private final int partitions;
    private List<Lane> lanes = List.of();

    KafkaFeed(LiveSource source, Tokenizer tokenizer, int seqLen, int lookahead, int heldOutWindows, int keep) {
        super(source.options(), tokenizer, seqLen, lookahead, heldOutWindows, keep);
        this.config = KafkaSourceConfig.parse(source.uri(), source.options().maxRecordBytes());
        this.topic = KafkaTopic.open(config);
        try {
            this.partitions = topic.partitions(); // at start: an unreachable broker or a missing topic fails here, clearly
        } catch (RuntimeException e) {
            topic.close();
            throw e;
        }
    }

    @Override
    public void start(ActorSystem<?> system) {
        lanes = IntStream.range(0, partitions)
                .<Lane>mapToObj(p -> KafkaPartitionLane.create(system, config, p)).toList();
    }

    @Override
    public List<Lane> lanes() {
        return lanes;
    }

    @Override
    protected void release(Map<String, Cursor> positions, Map<String, Cursor> oldestKept) {
        Map<Integer, Long> next = new TreeMap<>();
        for (Lane lane : lanes) {
            Cursor at = positions.get(lane.key());
            if (at != null) {
                next.put(((KafkaPartitionLane) lane).partition(), at.offset());
            }
        }
        if (!next.isEmpty()) {
            topic.commit(next);
        }
    }

    @Override
    public String describe() {
        return "kafka topic " + config.topic() + " at " + config.bootstrapServers() + " (" + partitions
                + " partition(s), consumer group " + config.groupId() + "; partition p trains on rank p % world)";
    }

    @Override
    protected void closeSource() {
        topic.close();
    }
}
