package io.ordo.streams.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ordo.streams.frame.FramingConfig;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code kafka://} URIs: defaults, options, consumer properties, and one-line errors naming the form. */
class KafkaSourceConfigTest {

    @Test
    void shouldParseHostPortAndTopicWithDefaults() {
        KafkaSourceConfig c = KafkaSourceConfig.parse(URI.create("kafka://127.0.0.1:9092/events"));
        assertEquals(new KafkaSourceConfig("127.0.0.1:9092", "events", "ordo-events",
                FramingConfig.DEFAULT_MAX_LINE_BYTES, Map.of()), c);
    }

    @Test
    void shouldParseServersGroupLimitAndConsumerProperties() {
        KafkaSourceConfig c = KafkaSourceConfig.parse(URI.create(
                "kafka://a:9092,b:9093/my.topic_1?group=run-7&maxRecordBytes=4096&max.poll.records=50&security.protocol=SSL"));
        assertEquals("a:9092,b:9093", c.bootstrapServers());
        assertEquals("my.topic_1", c.topic());
        assertEquals("run-7", c.groupId());
        assertEquals(4096, c.maxRecordBytes());
        assertEquals(Map.of("max.poll.records", "50", "security.protocol", "SSL"), c.consumerProperties());
        assertEquals(c, KafkaSourceConfig.parse(c.toUri()));
    }

    @Test
    void shouldRejectMalformedUrisNamingTheAcceptedForm() {
        for (String bad : new String[] {
                "file:///x", "kafka:///events", "kafka://h:1", "kafka://h:1/", "kafka://h:1/a/b",
                "kafka://h:1/bad%20topic", "kafka://h:1/t?group=", "kafka://h:1/t?maxRecordBytes=x",
                "kafka://h:1/t?maxRecordBytes=0", "kafka://h:1/t?no.such.property=1",
                "kafka://h:1/t?enable.auto.commit=true", "kafka://h:1/t?flag", "kafka://:9092/t", "kafka://h/t",
                "kafka://h:1,:2/t"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> KafkaSourceConfig.parse(URI.create(bad)), bad);
            assertTrue(e.getMessage().contains(KafkaSourceConfig.FORM), e.getMessage());
            assertTrue(!e.getMessage().contains("\n"), e.getMessage());
        }
    }
}
