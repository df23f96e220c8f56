package io.ordo.actors.job;

import io.ordo.streams.kafka.KafkaSourceConfig;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A live data source named by {@code --source}: {@code kafka://HOST:PORT/TOPIC[?group=G]},
 * {@code http://HOST:PORT/ingest}, {@code tcp://HOST:PORT}, {@code stdin} or {@code tail:DIR}.
 * Parsed at start; a malformed or unknown one fails with the accepted forms. The HOST of http and
 * tcp is the interface the ingest binds: {@code 127.0.0.1} keeps it to this machine, {@code 0.0.0.0}
 * opens it to the network.
 *
 * @param kind    which source
 * @param spec    the spec as given
 * @param uri     the parsed URI (kafka, http, tcp), or null
 * @param dir     the tailed directory (tail), or null
 * @param options how it is read and spooled
 */
public record LiveSource(Kind kind, String spec, URI uri, Path dir, LiveOptions options) {

    /** The accepted forms, for error messages. */
    public static final String FORMS =
            "kafka://HOST:PORT/TOPIC[?group=G] | http://HOST:PORT/ingest | tcp://HOST:PORT | stdin | tail:DIR";

    /** The kinds of live source. */
    public enum Kind {
        /** A Kafka topic: replayable, one lane per partition. */
        KAFKA,
        /** HTTP POST ingest into the durable spool. */
        HTTP,
        /** TCP ingest into the durable spool. */
        TCP,
        /** Standard input into the durable spool. */
        STDIN,
        /** A directory whose files are followed as they grow and appear: replayable, one lane. */
        TAIL;

        /** Whether records go through the durable spool (the source cannot replay them). */
        public boolean spooled() {
            return this == HTTP || this == TCP || this == STDIN;
        }
    }

    /** Parses {@code spec}; the error names the accepted forms. */
    public static LiveSource parse(String spec, LiveOptions options) {
        String raw = spec.trim();
        String lower = raw.toLowerCase(Locale.ROOT);
        try {
            if (lower.equals("stdin") || lower.equals("-")) {
                return new LiveSource(Kind.STDIN, "stdin", null, null, options);
            }
            if (lower.startsWith("tail:")) {
                String dir = raw.substring("tail:".length()).trim();
                if (dir.isEmpty()) {
                    throw new IllegalArgumentException("tail:DIR needs a directory");
                }
                return new LiveSource(Kind.TAIL, raw, null, Path.of(dir).toAbsolutePath().normalize(), options);
            }
            URI uri = new URI(raw);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            Kind kind = switch (scheme) {
                case "kafka" -> Kind.KAFKA;
                case "http" -> Kind.HTTP;
                case "tcp" -> Kind.TCP;
                default -> throw new IllegalArgumentException("unknown scheme '" + scheme + "'");
            };
            if (kind == Kind.KAFKA) {
                KafkaSourceConfig.parse(uri);
                return new LiveSource(kind, raw, uri, null, options);
            }
            if (uri.getHost() == null || uri.getPort() < 0) {
                throw new IllegalArgumentException("it needs HOST:PORT");
            }
            String path = uri.getPath() == null ? "" : uri.getPath();
            if (kind == Kind.HTTP && !path.equals("/ingest")) {
                throw new IllegalArgumentException("http ingest listens on path /ingest, not '" + path + "'");
            }
            return new LiveSource(kind, raw, uri, null, options);
        } catch (URISyntaxException | RuntimeException e) {
            throw new IllegalArgumentException("bad source '" + spec + "': " + e.getMessage() + "; allowed: " + FORMS, e);
        }
    }

    @Override
    public String toString() {
        return spec;
    }
}
