package io.ordo.actors.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ordo.actors.job.TaskSamples;
import io.ordo.actors.job.TaskSpec;
import io.ordo.core.batch.TokenBatch;
import io.ordo.model.Gpt;
import io.ordo.model.ModelConfig;
import io.ordo.model.Objective;
import io.ordo.model.tensor.Mat;
import io.ordo.streams.batch.BatchAssembler;
import io.ordo.streams.batch.BatchConfig;
import io.ordo.streams.gen.TaskGenerator;
import io.ordo.streams.mi.TargetOrder;
import io.ordo.streams.pack.Pack;
import io.ordo.streams.pack.PackedRow;
import io.ordo.streams.tokenize.TaskTokens;
import io.ordo.streams.tokenize.Tokenizer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * What an LSD-first ({@code reverse}) arithmetic arm trains on, checked end to end on 5-digit
 * addition: rows prepared as {@code Evaluator.heldOutLoss} and the task pipeline prepare them, the
 * answer digit at target position j is the 10^j digit of the zero-padded sum, the mask is the answer
 * and nothing else, and the model's masked NTP loss is exactly the cross-entropy of each answer digit
 * predicted from the position before it (no shift, no pad, no prompt token in the loss). Written
 * while checking why LSD-first 5-digit addition trains slower than MSD-first here
 * (docs/arithmetic-order.md): the data and the loss were right.
 */
class ArithmeticOrderTest {

    private static final int N = 5;
    private static final int PROMPT = 2 * N + 2;
    private static final int ANSWER = N + 1;
    private static final int ROWS = 8;

    @Test
    void reverseArmTrainsOnLeastSignificantDigitFirstAnswersOnly() {
        TaskSpec task = TaskSpec.parse("arithmetic:add," + N);
        Tokenizer tok = task.tokenizer();
        int seqLen = task.exampleTokens();
        assertEquals(PROMPT + ANSWER, seqLen);
        TaskGenerator train = task.train(1);
        TargetOrder order = TargetOrder.reversed(ANSWER);
        BatchConfig config = BatchConfig.ntp(ROWS, seqLen);
        List<PackedRow> rows = new ArrayList<>();
        for (TaskTokens t : TaskSamples.first(train, tok, ROWS)) {
            order.apply(t.tokens(), t.targetStart());
            rows.add(Pack.row(t, config.width(), tok.padId()));
        }
        TokenBatch batch = new BatchAssembler(config).assemble(rows).batch();

        for (int r = 0; r < ROWS; r++) {
            String row = tok.decode(batch.tokens(), r * batch.width(), batch.width());
            String prompt = train.example(r).prompt();
            long a = Long.parseLong(prompt.substring(0, N));
            long b = Long.parseLong(prompt.substring(N + 1, 2 * N + 1));
            assertEquals(String.format("%05d+%05d=", a, b), row.substring(0, PROMPT), row);
            long sum = a + b;
            for (int j = 0; j < ANSWER; j++) {
                long digit = sum / (long) Math.pow(10, j) % 10;
                assertEquals((char) ('0' + digit), row.charAt(PROMPT + j), "10^" + j + " digit of " + sum + " in " + row);
            }
            assertEquals("$", row.substring(PROMPT + ANSWER), row);
            for (int j = 0; j < batch.width(); j++) {
                assertEquals(j >= PROMPT && j < PROMPT + ANSWER, batch.isTarget(r, j), "mask at " + j + " of " + row);
            }
            int[] trained = new int[ANSWER];
            System.arraycopy(batch.tokens(), r * batch.width() + PROMPT, trained, 0, ANSWER);
            assertEquals(train.example(r).target(), tok.decode(order.invert(trained)), "inverse of " + row);
        }

        Gpt gpt = new Gpt(new ModelConfig(tok.vocabSize(), seqLen, 48, 3, 3, 4, 0.0, false, 1), Objective.parse("ntp"),
                DataType.FLOAT);
        double ntp = gpt.loss(batch).ntp();
        int[] ids = new int[ROWS * seqLen];
        for (int r = 0; r < ROWS; r++) {
            for (int t = 0; t < seqLen; t++) {
                ids[r * seqLen + t] = batch.token(r, t);
            }
        }
        Mat logits = gpt.logits(ids, ROWS, seqLen);
        double sum = 0;
        int count = 0;
        for (int r = 0; r < ROWS; r++) {
            for (int t = PROMPT - 1; t < PROMPT + ANSWER - 1; t++) {   // '=' predicts digit 0, ..., digit 4 predicts digit 5
                int row = r * seqLen + t;
                double max = Double.NEGATIVE_INFINITY;
                for (int v = 0; v < tok.vocabSize(); v++) {
                    max = Math.max(max, logits.get(row, v));
                }
                double z = 0;
                for (int v = 0; v < tok.vocabSize(); v++) {
                    z += Math.exp(logits.get(row, v) - max);
                }
                sum += max + Math.log(z) - logits.get(row, batch.token(r, t + 1));
                count++;
            }
        }
        assertEquals(ROWS * ANSWER, count);
        assertEquals(count, gpt.targetCounts(batch)[0], "targets the loss is normalised by");
        assertTrue(Math.abs(sum / count - ntp) < 1e-4, "masked loss " + ntp + " vs answer-digit CE " + sum / count);
    }
}
