package io.ordo.model.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ordo.core.batch.TokenBatch;
import io.ordo.model.Gpt;
import io.ordo.model.Losses;
import io.ordo.model.ModelConfig;
import io.ordo.model.Objective;
import io.ordo.model.optim.OptimizerConfig;
import io.ordo.model.task.CopyTask;
import io.ordo.model.tensor.Buf;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Data-parallel {@link Trainer}s on their own threads, each on some rows of every batch and summing
 * through a {@link LocalGradientExchange}, follow one trainer on the whole batch: for an even split
 * over many steps, and step by step for an uneven split of rows with uneven numbers of target tokens.
 */
class DataParallelTrainerTest {
    private static final ModelConfig SMALL = new ModelConfig(16, 16, 32, 2, 2, 4, 0.0, false, 7);
    private static final int ROWS = 8;
    private static final int STEPS = 6;
    private static final OptimizerConfig OPT = OptimizerConfig.defaults().withLearningRate(3e-3).withSchedule(2, 50, 0.1);

    private final ExecutorService threads = Executors.newFixedThreadPool(3);

    @AfterEach
    void stopThreads() {
        threads.shutdownNow();
    }

    @Test
    void shouldFollowOneTrainerOnTheWholeBatchWithNtp() throws Exception {
        compareWithOneTrainer(Objective.ntp());
    }

    @Test
    void shouldFollowOneTrainerOnTheWholeBatchWithTop() throws Exception {
        compareWithOneTrainer(Objective.top(8));
    }

    private void compareWithOneTrainer(Objective objective) throws Exception {
        List<TokenBatch> batches = new ArrayList<>();
        CopyTask data = new CopyTask(SMALL.vocabSize(), SMALL.seqLen(), objective, true, 3);
        for (int i = 0; i < STEPS; i++) {
            batches.add(data.next(ROWS));
        }
        Trainer single = new Trainer(new Gpt(SMALL, objective, DataType.FLOAT), OPT);
        List<Double> singleLosses = new ArrayList<>();
        for (TokenBatch b : batches) {
            singleLosses.add(single.step(b).losses().total());
        }

        LocalGradientExchange exchange = LocalGradientExchange.create(2, Duration.ofSeconds(60));
        List<Future<List<Double>>> replicas = new ArrayList<>();
        List<Trainer> trainers = new ArrayList<>();
        for (int r = 0; r < 2; r++) {
            Trainer t = new Trainer(new Gpt(SMALL, objective, DataType.FLOAT), OPT, exchange.participant(r));
            trainers.add(t);
            int rank = r;
            replicas.add(threads.submit(() -> {
                List<Double> losses = new ArrayList<>();
                for (TokenBatch b : batches) {
                    losses.add(t.step(b.rows(rank * ROWS / 2, ROWS / 2)).losses().total());
                }
                return losses;
            }));
        }
        List<Double> lossesRank0 = replicas.get(0).get(120, TimeUnit.SECONDS);
        assertEquals(lossesRank0, replicas.get(1).get(120, TimeUnit.SECONDS), "every replica reports the same mean loss");
        for (int i = 0; i < STEPS; i++) {
            assertEquals(singleLosses.get(i), lossesRank0.get(i), 1e-5 * singleLosses.get(i), "loss at step " + (i + 1));
        }

        Buf p0 = trainers.get(0).model().params().valueBuf();
        Buf p1 = trainers.get(1).model().params().valueBuf();
        Buf ref = single.model().params().valueBuf();
        double diff = 0;
        double norm = 0;
        for (int i = 0; i < single.model().params().size(); i++) {
            assertEquals(Float.floatToRawIntBits((float) p0.get(i)), Float.floatToRawIntBits((float) p1.get(i)),
                    "replicas hold the same bits at " + i);
            diff += (p0.get(i) - ref.get(i)) * (p0.get(i) - ref.get(i));
            norm += ref.get(i) * ref.get(i);
        }
        assertTrue(Math.sqrt(diff / norm) < 1e-5, "relative parameter distance to the single trainer: " + Math.sqrt(diff / norm));
    }

    /**
     * 8 rows on 3 replicas (3, 3, 2 rows) whose rows have different numbers of targets (one none):
     * the summed gradient and the losses are the whole batch's, per term.
     */
    @ParameterizedTest
    @ValueSource(strings = {"ntp", "top", "mtp:2"})
    void shouldGiveTheWholeBatchsGradientForUnevenRowsAndTargets(String spec) throws Exception {
        Objective objective = Objective.parse(spec);
        TokenBatch batch = unevenTargets(new CopyTask(SMALL.vocabSize(), SMALL.seqLen(), objective, true, 5).next(ROWS));
        OptimizerConfig noClip = OPT.withGradClipNorm(0);
        Trainer single = new Trainer(new Gpt(SMALL, objective, DataType.FLOAT), noClip);
        TrainStep whole = single.step(batch);

        int[] from = {0, 3, 6, 8};
        LocalGradientExchange exchange = LocalGradientExchange.create(3, Duration.ofSeconds(60));
        List<Trainer> trainers = new ArrayList<>();
        List<Future<TrainStep>> steps = new ArrayList<>();
        List<Long> localTargets = new ArrayList<>();
        for (int r = 0; r < 3; r++) {
            Trainer t = new Trainer(new Gpt(SMALL, objective, DataType.FLOAT), noClip, exchange.participant(r));
            TokenBatch shard = batch.rows(from[r], from[r + 1] - from[r]);
            localTargets.add(t.model().targetCounts(shard)[0]);
            trainers.add(t);
            steps.add(threads.submit(() -> t.step(shard)));
        }
        assertEquals(3, new HashSet<>(localTargets).size(), "replicas with different numbers of targets: " + localTargets);

        for (int r = 0; r < 3; r++) {
            TrainStep step = steps.get(r).get(120, TimeUnit.SECONDS);
            Losses l = step.losses();
            Losses w = whole.losses();
            assertEquals(w.ntp(), l.ntp(), 1e-6 * w.ntp(), "ntp loss of rank " + r);
            assertEquals(w.top(), l.top(), 1e-6 * w.top(), "top loss of rank " + r);
            assertEquals(w.mtp(), l.mtp(), 1e-6 * w.mtp(), "mtp loss of rank " + r);
            assertEquals(w.total(), l.total(), 1e-6 * w.total(), "total loss of rank " + r);
            double gradNorm = whole.optimizer().gradNorm();
            assertEquals(gradNorm, step.optimizer().gradNorm(), 1e-6 * gradNorm, "gradient norm of rank " + r);
        }
        Buf ref = single.model().params().gradBuf();
        double diff = 0;
        double norm = 0;
        for (int i = 0; i < single.model().params().size(); i++) {
            double g = trainers.get(0).model().params().gradBuf().get(i);
            for (int r = 1; r < 3; r++) {
                double other = trainers.get(r).model().params().gradBuf().get(i);
                assertEquals(Float.floatToRawIntBits((float) g), Float.floatToRawIntBits((float) other),
                        "replicas hold the same gradient bits at " + i);
            }
            diff += (g - ref.get(i)) * (g - ref.get(i));
            norm += ref.get(i) * ref.get(i);
        }
        double distance = Math.sqrt(diff / norm);
        assertTrue(distance < 1e-6, "relative distance to the whole batch's gradient: " + distance);
    }

    /** The batch with row b's targets thinned differently per row, and none at all in row 6. */
    private static TokenBatch unevenTargets(TokenBatch b) {
        boolean[] mask = b.targetMask().clone();
        for (int row = 0; row < b.rows(); row++) {
            for (int j = 0; j < b.width(); j++) {
                mask[row * b.width() + j] &= row != 6 && (j + row) % (row + 2) != 0;
            }
        }
        return new TokenBatch(b.rows(), b.seqLen(), b.lookahead(), b.tokens(), mask, b.top());
    }

    @Test
    void shouldFailTheWaitingReplicaWhenItsPartnerNeverSteps() throws Exception {
        Objective ntp = Objective.ntp();
        LocalGradientExchange exchange = LocalGradientExchange.create(2, Duration.ofMillis(500));
        Trainer lonely = new Trainer(new Gpt(SMALL, ntp, DataType.FLOAT), OPT, exchange.participant(0));
        TokenBatch batch = new CopyTask(SMALL.vocabSize(), SMALL.seqLen(), ntp, true, 3).next(ROWS / 2);
        Future<?> step = threads.submit(() -> lonely.step(batch));
        ExecutionException e = assertThrows(ExecutionException.class, () -> step.get(30, TimeUnit.SECONDS));
        GradientExchangeTimeoutException timeout = assertInstanceOf(GradientExchangeTimeoutException.class, e.getCause());
        assertEquals(List.of(1), timeout.missingRanks());
        assertEquals(0, lonely.optimizer().stepCount(), "no update without the partner's gradient");
    }
}
