package io.ordo.streams.kafka;

import io.ordo.streams.frame.FramingConfig;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;

/**
 * Where the live records come from: a Kafka topic, read by the lanes of one consumer group.
 *
 * <p>The group only names the committed offsets (where a lane without a checkpoint starts, and
 * what {@link KafkaTopic#commit} writes): the lanes assign partitions manually and never join it.
 *
 * @param bootstrapServers   {@code host:port[,host:port...]} of the cluster
 * @param topic              the topic; each of its partitions is one lane
 * @param groupId            consumer group whose committed offsets the lanes start from (default
 *                           {@code ordo-<topic>})
 * @param maxRecordBytes     longest accepted message value (bytes); longer ones are rejected as
 *                           OVERLONG (default {@link FramingConfig#DEFAULT_MAX_LINE_BYTES}, 1 MiB)
 * @param consumerProperties further Kafka consumer properties (e.g. {@code security.protocol}),
 *                           applied after Ordo's own; those Ordo must fix are refused
 */
public record KafkaSourceConfig(String bootstrapServers, String topic, String groupId, int maxRecordBytes,
                                Map<String, String> consumerProperties) {

    /** URI scheme of a Kafka source. */
    public static final String SCHEME = "kafka";
    /** The accepted URI form, quoted by every parse error. */
    public static final String FORM = "kafka://HOST:PORT[,HOST:PORT...]/TOPIC[?group=GROUP][&maxRecordBytes=N][&<consumer property>=VALUE...]";
    /** Query key of the consumer group. */
    public static final String GROUP_KEY = "group";
    /** Query key of the longest accepted message (bytes). */
    public static final String MAX_RECORD_BYTES_KEY = "maxRecordBytes";
    /** Prefix of the default group id, followed by the topic. */
    public static final String DEFAULT_GROUP_PREFIX = "ordo-";

    /** Consumer properties that Ordo sets itself: offsets are Ordo's checkpoint, not Kafka's auto-commit. */
    static final Set<String> FIXED_PROPERTIES = Set.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, ConsumerConfig.GROUP_ID_CONFIG,
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
            ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);

    /** Kafka's legal topic names. */
    private static final Pattern TOPIC = Pattern.compile("[a-zA-Z0-9._-]{1,249}");

    public KafkaSourceConfig {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(groupId, "groupId");
        if (bootstrapServers.isBlank()) {
            throw new IllegalArgumentException("no Kafka bootstrap servers");
        }
        if (!TOPIC.matcher(topic).matches()) {
            throw new IllegalArgumentException("illegal Kafka topic '" + topic + "' (letters, digits, '.', '_', '-')");
        }
        if (groupId.isBlank()) {
            throw new IllegalArgumentException("empty Kafka consumer group");
        }
        if (maxRecordBytes < 1) {
            throw new IllegalArgumentException(MAX_RECORD_BYTES_KEY + " must be >= 1: " + maxRecordBytes);
        }
        consumerProperties = Map.copyOf(consumerProperties);
        for (String key : consumerProperties.keySet()) {
            if (FIXED_PROPERTIES.contains(key)) {
                throw new IllegalArgumentException("Kafka consumer property '" + key + "' is set by Ordo");
            }
            if (!ConsumerConfig.configNames().contains(key)) {
                throw new IllegalArgumentException("unknown Kafka consumer property '" + key + "'");
            }
        }
    }

    /** A source of {@code topic} at {@code bootstrapServers}, group {@code ordo-<topic>}, defaults otherwise. */
    public static KafkaSourceConfig of(String bootstrapServers, String topic) {
        return new KafkaSourceConfig(bootstrapServers, topic, DEFAULT_GROUP_PREFIX + topic,
                FramingConfig.DEFAULT_MAX_LINE_BYTES, Map.of());
    }

    /** The same with another consumer group. */
    public KafkaSourceConfig withGroupId(String group) {
        return new KafkaSourceConfig(bootstrapServers, topic, group, maxRecordBytes, consumerProperties);
    }

    /**
     * Parses {@value #FORM}, e.g. {@code kafka://127.0.0.1:9092/events?group=run7&max.poll.records=1000}.
     *
     * @throws IllegalArgumentException naming the accepted form, if {@code uri} is not one
     */
    public static KafkaSourceConfig parse(URI uri) {
        return parse(uri, FramingConfig.DEFAULT_MAX_LINE_BYTES);
    }

    /**
     * As {@link #parse(URI)}, with {@code maxRecordBytes} where the URI sets no
     * {@value #MAX_RECORD_BYTES_KEY} (e.g. the job's {@code max-record-bytes}).
     */
    public static KafkaSourceConfig parse(URI uri, int defaultMaxRecordBytes) {
        if (!SCHEME.equalsIgnoreCase(uri.getScheme())) {
            throw bad(uri, "scheme is not " + SCHEME);
        }
        String servers = uri.getRawAuthority();
        String path = uri.getRawPath();
        if (servers == null || servers.isBlank()) {
            throw bad(uri, "no HOST:PORT");
        }
        for (String server : servers.split(",")) {
            if (!server.matches("(\\[[^\\]]+\\]|[^:,\\s\\[\\]]+):\\d{1,5}")) {
                throw bad(uri, "'" + server + "' is not HOST:PORT");
            }
        }
        if (path == null || path.length() < 2 || path.indexOf('/', 1) >= 0) {
            throw bad(uri, "no single /TOPIC");
        }
        if (uri.getRawFragment() != null) {
            throw bad(uri, "a #fragment");
        }
        String topic = decode(path.substring(1));
        String group = DEFAULT_GROUP_PREFIX + topic;
        int maxRecordBytes = defaultMaxRecordBytes;
        Map<String, String> props = new LinkedHashMap<>();
        String query = uri.getRawQuery();
        if (query != null && !query.isEmpty()) {
            for (String pair : query.split("&")) {
                int eq = pair.indexOf('=');
                if (eq <= 0) {
                    throw bad(uri, "query part '" + pair + "' is not KEY=VALUE");
                }
                String key = decode(pair.substring(0, eq));
                String value = decode(pair.substring(eq + 1));
                switch (key) {
                    case GROUP_KEY -> group = value;
                    case MAX_RECORD_BYTES_KEY -> maxRecordBytes = parseInt(uri, key, value);
                    default -> props.put(key, value);
                }
            }
        }
        try {
            return new KafkaSourceConfig(servers, topic, group, maxRecordBytes, props);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bad Kafka source '" + uri + "' (" + e.getMessage() + "); expected " + FORM, e);
        }
    }

    /** The URI that {@link #parse} turns back into this config. */
    public URI toUri() {
        StringBuilder sb = new StringBuilder(SCHEME).append("://").append(bootstrapServers).append('/').append(topic)
                .append('?').append(GROUP_KEY).append('=').append(encode(groupId))
                .append('&').append(MAX_RECORD_BYTES_KEY).append('=').append(maxRecordBytes);
        consumerProperties.forEach((k, v) -> sb.append('&').append(encode(k)).append('=').append(encode(v)));
        return URI.create(sb.toString());
    }

    private static int parseInt(URI uri, String key, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw bad(uri, key + " is not an integer");
        }
    }

    private static IllegalArgumentException bad(URI uri, String what) {
        return new IllegalArgumentException("bad Kafka source '" + uri + "' (" + what + "); expected " + FORM);
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    private static String encode(String s) {
        return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
