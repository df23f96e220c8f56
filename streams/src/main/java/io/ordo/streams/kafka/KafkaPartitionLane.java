package io.ordo.streams.kafka;

import io.ordo.streams.cursor.Cursor;
import io.ordo.streams.frame.BadInputReason;
import io.ordo.streams.frame.Framed;
import io.ordo.streams.frame.RecordValidator;
import io.ordo.streams.frame.Rejected;
import io.ordo.streams.live.Lane;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.ClassicActorSystemProvider;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.kafka.ManualSubscription;
import org.apache.pekko.kafka.Subscriptions;
import org.apache.pekko.kafka.javadsl.Consumer;
import org.apache.pekko.stream.javadsl.Source;

/**
 * One partition of a Kafka topic as a {@link Lane}: key {@code kafka:<topic>/<partition>}, positions
 * are Kafka offsets. Each message is one record: its value, UTF-8 text, at {@code Cursor.at(key,
 * offset)} with {@code nextOffset = offset + 1}.
 *
 * <p><b>Manual assignment, never group subscription.</b> The consumer is assigned this one
 * partition ({@link ManualSubscription}); it never joins the consumer group, so no group rebalance
 * can take the partition away or hand it to another reader mid-batch. Which rank reads which
 * partition is decided by the training ring (partition {@code p} goes to rank {@code p % world}, see
 * {@link KafkaLanes#forRank}), and where it resumes by the checkpoint's cursor; the group only
 * stores committed offsets, written by {@link KafkaTopic#commit} (the group has no members, so
 * committing from outside is allowed).
 *
 * <p><b>Start.</b> From {@code from.offset()} when given; otherwise from the group's committed
 * offset of the partition, or the earliest offset if none (Kafka's own rule for an assigned
 * consumer with {@code auto.offset.reset=earliest}). An offset out of range (below the log start,
 * deleted by retention; or past the end, e.g. of a re-created topic) also falls back to the earliest
 * one still there.
 *
 * <p><b>One record per message.</b> A message is a document and may span lines: line feeds inside
 * it are text. Splitting it into lines would give several records one offset, and a cursor could no
 * longer say which of them were trained on. Empty (or null) values are {@link BadInputReason#EMPTY},
 * invalid UTF-8 is {@link BadInputReason#MALFORMED_UTF8}, other control characters are
 * {@link BadInputReason#BINARY} (the rules of {@link io.ordo.streams.frame.LineFramer}), and values
 * over {@link KafkaSourceConfig#maxRecordBytes()} are {@link BadInputReason#OVERLONG}; a rejection's
 * length is the value's size in bytes.
 *
 * <p>The source never completes: on an idle partition it keeps polling (every 50 ms) and emits a
 * new message as soon as it is committed. Cancelling the stream closes the consumer.
 */
public final class KafkaPartitionLane implements Lane {

    /** Prefix of every Kafka lane key. */
    public static final String KEY_PREFIX = "kafka:";

    private final ClassicActorSystemProvider system;
    private final KafkaSourceConfig config;
    private final TopicPartition partition;
    private final String key;

    private KafkaPartitionLane(ClassicActorSystemProvider system, KafkaSourceConfig config, int partition) {
        if (partition < 0) {
            throw new IllegalArgumentException("negative Kafka partition " + partition);
        }
        this.system = system;
        this.config = config;
        this.partition = new TopicPartition(config.topic(), partition);
        this.key = key(config.topic(), partition);
    }

    /** The lane of {@code partition} of {@code config}'s topic; its consumers run on {@code system}. */
    public static KafkaPartitionLane create(ClassicActorSystemProvider system, KafkaSourceConfig config, int partition) {
        return new KafkaPartitionLane(system, config, partition);
    }

    /** The key of a partition's lane: {@code kafka:<topic>/<partition>}. */
    public static String key(String topic, int partition) {
        return KEY_PREFIX + topic + "/" + partition;
    }

    @Override
    public String key() {
        return key;
    }

    /** The partition number. */
    public int partition() {
        return partition.partition();
    }

    @Override
    public Source<Framed, NotUsed> records(Optional<Cursor> from) {
        from.ifPresent(c -> {
            if (!c.source().equals(key)) {
                throw new IllegalArgumentException("cursor " + c + " is not a position of lane " + key);
            }
        });
        ManualSubscription subscription = from
                .map(c -> Subscriptions.assignmentWithOffset(partition, c.offset()))
                .orElseGet(() -> Subscriptions.assignment(partition));
        int max = config.maxRecordBytes();
        return Consumer.plainSource(KafkaClients.consumer(system, config, "ordo-" + key), subscription)
                .statefulMap(() -> new RecordValidator(true),
                        (RecordValidator v, ConsumerRecord<byte[], byte[]> r) -> Pair.create(v, frame(v, r, max)),
                        v -> Optional.empty())
                .mapMaterializedValue(control -> NotUsed.getInstance());
    }

    private Framed frame(RecordValidator validator, ConsumerRecord<byte[], byte[]> r, int maxBytes) {
        Cursor at = Cursor.at(key, r.offset());
        byte[] value = r.value() == null ? new byte[0] : r.value();
        if (value.length > maxBytes) {
            return new Rejected(BadInputReason.OVERLONG, at, value.length,
                    Rejected.preview(value, 0, Math.min(value.length, Rejected.PREVIEW_CHARS)));
        }
        return validator.validate(value, 0, value.length, at, value.length, r.offset() + 1);
    }

    @Override
    public String toString() {
        return key + " (" + config.bootstrapServers() + ", group " + config.groupId() + ")";
    }
}
