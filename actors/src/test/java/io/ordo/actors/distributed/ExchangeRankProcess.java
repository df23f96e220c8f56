package io.ordo.actors.distributed;

import io.aeron.Aeron;
import io.ordo.core.batch.TokenBatch;
import io.ordo.model.train.Trainer;
import io.ordo.transport.allreduce.AeronConfig;
import io.ordo.transport.allreduce.EmbeddedMediaDriver;
import io.ordo.transport.allreduce.RingChannels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One data-parallel rank as its own JVM: joins the IPC ring on the test's media driver, takes rank
 * 0's initial parameters (ranks other than 0 initialise from another seed, so the broadcast is
 * needed), trains K steps on its shard of the fixture's batches and writes its final parameters, and
 * the total loss the exchange returned for each step (one line each) to OUT_FILE.losses.
 *
 * <pre>
 * java -cp ... io.ordo.actors.distributed.ExchangeRankProcess AERON_DIR RANK WORLD BASE_STREAM STEPS OUT_FILE \
 *     [BUCKET_BYTES OVERLAP]
 * </pre>
 *
 * BUCKET_BYTES and OVERLAP ({@code ordo.aeron.bucket-bytes}, {@code ordo.aeron.overlap}) default to
 * 0 (one bucket) and false: the gradient summed after backward in one all-reduce.
 */
public final class ExchangeRankProcess {
    private ExchangeRankProcess() {
    }

    public static void main(String[] args) throws Exception {
        String dir = args[0];
        int rank = Integer.parseInt(args[1]);
        int world = Integer.parseInt(args[2]);
        int baseStream = Integer.parseInt(args[3]);
        int steps = Integer.parseInt(args[4]);
        Path out = Path.of(args[5]);
        int bucketBytes = args.length > 6 ? Integer.parseInt(args[6]) : 0;
        boolean overlap = args.length > 7 && Boolean.parseBoolean(args[7]);
        AeronConfig config = AeronConfig.fromProperties(Map.of()).withAeronDir(dir).withTermLength(1 << 20)
                .withBucketBytes(bucketBytes).withOverlap(overlap);
        List<TokenBatch> batches = DataParallelFixture.batches(steps);
        try (Aeron aeron = EmbeddedMediaDriver.connect(config);
             AeronGradientExchange exchange = AeronGradientExchange.join(aeron, rank,
                     RingChannels.ipc(world, baseStream), config)) {
            Trainer trainer = DataParallelFixture.trainer(DataParallelFixture.MODEL_SEED + rank, exchange);
            exchange.broadcastFromRankZero(trainer.model().params().values());
            StringBuilder losses = new StringBuilder();
            for (TokenBatch b : batches) {
                losses.append(trainer.step(DataParallelFixture.shard(b, rank, world)).losses().total()).append('\n');
            }
            if (overlap != exchange.overlaps() || (overlap && exchange.lastOverlap() == null)) {
                throw new IllegalStateException("overlap " + overlap + " requested, but the exchange overlaps: "
                        + exchange.overlaps() + ", last overlapped step: " + exchange.lastOverlap());
            }
            System.out.println("last overlapped step: " + exchange.lastOverlap());
            DataParallelFixture.writeFloats(out, trainer.model().params().values().toFloatVector());
            Files.writeString(Path.of(out + ".losses"), losses);
        }
        System.out.println("done");
        System.out.flush();
        System.exit(0);
    }
}
