package io.ordo.actors.distributed;

import io.ordo.actors.cluster.ArteryTls;
import io.ordo.transport.allreduce.AeronConfig;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * One node of a distributed run, as {@code ordo launch} resolves it.
 *
 * @param host          address the other nodes reach this one on (Artery and Aeron bind it)
 * @param clusterPort   Artery port (0: any free port; the seed node uses the seed's port)
 * @param seeds         seed nodes as {@code host:port}
 * @param nodeRank      this node's index; its workers prefer ranks {@code nodeRank * procsPerNode + p}
 * @param procsPerNode  rank workers in this JVM ({@code --nproc-per-node})
 * @param aeronPort     UDP port of local worker 0's Aeron subscription; worker p uses {@code aeronPort + p}
 * @param world         ranks of the first ring ({@code --nnodes x --nproc-per-node})
 * @param minWorld      fewest ranks a ring re-forms with after a failure
 * @param reformTimeout how long the coordinator waits for every rank's broken-ring report
 * @param heartbeat     how often workers re-register with the coordinator
 * @param stepDelay     pause after each step (zero; throttles demos and failure tests)
 * @param aeron         Aeron settings (exchange and connect timeouts, mtu, term length)
 * @param tls           TLS with mutual authentication of the cluster's Artery transport, or empty for plain TCP
 */
public record DistributedOptions(String host, int clusterPort, List<String> seeds, int nodeRank, int procsPerNode,
                                 int aeronPort, int world, int minWorld, Duration reformTimeout, Duration heartbeat,
                                 Duration stepDelay, AeronConfig aeron, Optional<ArteryTls> tls) {
    /** Validates ranges. */
    public DistributedOptions {
        seeds = List.copyOf(seeds);
        if (tls == null) {
            throw new IllegalArgumentException("tls must not be null (Optional.empty() for plain TCP)");
        }
        if (nodeRank < 0 || procsPerNode < 1 || world < procsPerNode || minWorld < 1 || minWorld > world) {
            throw new IllegalArgumentException("need nproc-per-node >= 1, world >= nproc-per-node, 1 <= min-world <= world;"
                    + " got " + procsPerNode + ", " + world + ", " + minWorld);
        }
        if (aeronPort < 1 || aeronPort + procsPerNode > 65535 || clusterPort < 0 || clusterPort > 65535) {
            throw new IllegalArgumentException("ports out of range: aeron " + aeronPort + ", cluster " + clusterPort);
        }
    }

    /** @return local worker {@code p}'s Aeron endpoint */
    public String aeronEndpoint(int p) {
        return host + ":" + (aeronPort + p);
    }
}
