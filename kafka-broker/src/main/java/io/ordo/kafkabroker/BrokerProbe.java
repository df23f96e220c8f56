package io.ordo.kafkabroker;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * Asks a broker for its metadata with a hand-written Kafka request (Metadata v4, no topics), so that
 * the test fixture needs no Kafka client jar. A broker is ready when it answers with at least one
 * live broker: its listener accepts connections and it has registered with the controller.
 */
final class BrokerProbe {

    private static final short METADATA_API_KEY = 3;
    private static final short METADATA_VERSION = 4;
    private static final byte[] CLIENT_ID = "ordo-kafka-broker-probe".getBytes(StandardCharsets.UTF_8);

    private BrokerProbe() {
    }

    /** Live brokers in the metadata of the broker at {@code host:port}; throws if it does not answer. */
    static int liveBrokers(String host, int port, int timeoutMillis) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), timeoutMillis);
            s.setSoTimeout(timeoutMillis);
            DataOutputStream out = new DataOutputStream(s.getOutputStream());
            int correlationId = 1;
            // Request header v1: api key, api version, correlation id, client id; body: topics = [], allow auto create = false.
            int size = 2 + 2 + 4 + 2 + CLIENT_ID.length + 4 + 1;
            out.writeInt(size);
            out.writeShort(METADATA_API_KEY);
            out.writeShort(METADATA_VERSION);
            out.writeInt(correlationId);
            out.writeShort(CLIENT_ID.length);
            out.write(CLIENT_ID);
            out.writeInt(0);
            out.writeBoolean(false);
            out.flush();
            DataInputStream in = new DataInputStream(s.getInputStream());
            in.readInt(); // response size (bytes)
            if (in.readInt() != correlationId) {
                throw new IOException("metadata response with a foreign correlation id");
            }
            in.readInt(); // throttle time (ms)
            return in.readInt(); // length of the brokers array
        }
    }
}
