package io.ordo.streams.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.pekko.actor.ClassicActorSystemProvider;
import org.apache.pekko.kafka.ConsumerSettings;

/**
 * The Kafka client settings of the lanes and of {@link KafkaTopic}, in one place.
 *
 * <p>Consumers: no auto-commit (a lane's position is Ordo's checkpoint), {@code read_committed}
 * (aborted transactions are never trained on), {@code earliest} when the group has no committed
 * offset, and a 50 ms poll interval and timeout so that a record produced to an idle partition
 * reaches the lane within about 100 ms (the broker answers a waiting fetch as soon as data arrives).
 */
final class KafkaClients {

    /** Records per poll of one lane's consumer. */
    static final int MAX_POLL_RECORDS = 1000;
    /** Interval between polls of the consumer actor, and the longest a poll blocks (ms). */
    static final Duration POLL = Duration.ofMillis(50);
    /** Longest an admin call waits. */
    static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);

    private KafkaClients() {
    }

    /** Settings of the consumer behind one lane ({@code clientId} names it in broker logs and metrics). */
    static ConsumerSettings<byte[], byte[]> consumer(ClassicActorSystemProvider system, KafkaSourceConfig config,
                                                      String clientId) {
        Map<String, String> props = new HashMap<>();
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Integer.toString(MAX_POLL_RECORDS));
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        props.putAll(config.consumerProperties());
        return ConsumerSettings.create(system, new ByteArrayDeserializer(), new ByteArrayDeserializer())
                .withBootstrapServers(config.bootstrapServers())
                .withGroupId(config.groupId())
                .withProperties(props)
                .withPollInterval(POLL)
                .withPollTimeout(POLL)
                // plainSource without drainAndShutdown: nothing to drain when a lane is cancelled
                .withStopTimeout(Duration.ZERO);
    }

    /**
     * Properties of an admin client for {@code config}'s cluster: the bootstrap servers plus the
     * consumer properties that admin clients know too (security, timeouts).
     */
    static Map<String, Object> admin(KafkaSourceConfig config) {
        Map<String, Object> props = new HashMap<>();
        config.consumerProperties().forEach((k, v) -> {
            if (AdminClientConfig.configNames().contains(k)) {
                props.put(k, v);
            }
        });
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, "ordo-admin-" + config.topic());
        return props;
    }
}
