package io.ordo.model.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ordo.model.Gpt;
import io.ordo.model.ModelConfig;
import io.ordo.model.Objective;
import io.ordo.model.TokenBatch;
import io.ordo.model.optim.OptimizerConfig;
import io.ordo.model.task.CopyTask;
import io.ordo.model.tensor.Buf;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Two {@link Trainer}s on their own threads, each on half of every batch and averaging through a
 * {@link LocalGradientExchange}, follow one trainer on the whole batch (every row of the copy task
 * has the same number of target tokens, so the mean of the halves' gradients is the whole batch's).
 */
class DataParallelTrainerTest {
    private static final ModelConfig SMALL = new ModelConfig(16, 16, 32, 2, 2, 4, 0.0, false, 7);
    private static final int ROWS = 8;
    private static final int STEPS = 6;
    private static final OptimizerConfig OPT = OptimizerConfig.defaults().withLearningRate(3e-3).withSchedule(2, 50, 0.1);

    private final ExecutorService threads = Executors.newFixedThreadPool(2);

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
