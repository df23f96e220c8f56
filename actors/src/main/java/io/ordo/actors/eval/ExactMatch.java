package io.ordo.actors.eval;

import io.ordo.model.Gpt;
import io.ordo.model.generate.Generator;
import io.ordo.model.generate.Sampling;
import io.ordo.streams.gen.TaskGenerator;
import io.ordo.streams.mi.TargetOrder;
import io.ordo.streams.tokenize.Tokenizer;
import java.util.Arrays;

/**
 * Exact-match accuracy on held-out task examples: greedy decoding after the prompt must reproduce
 * the whole target (star-graph path, arithmetic answer). When the model was trained on reordered
 * targets, its output is put back in natural order with the inverse permutation before comparing.
 */
public final class ExactMatch {
    private ExactMatch() {
    }

    /**
     * @param examples how many test examples (indices 0..examples-1 of {@code test})
     * @param order    target order the model was trained with, or null for natural
     * @return fraction of examples whose decoded target equals the true one
     */
    public static double accuracy(Gpt model, Tokenizer tokenizer, TaskGenerator test, int examples, TargetOrder order) {
        Generator generator = new Generator(model);
        int correct = 0;
        for (int i = 0; i < examples; i++) {
            var e = test.example(i);
            int[] prompt = tokenizer.encode(e.prompt());
            int[] target = tokenizer.encode(e.target());
            int[] out = generator.generate(prompt, target.length, Sampling.greedy(), 0L);
            if (order != null && order.length() == out.length) {
                out = order.invert(out);
            }
            if (Arrays.equals(out, target)) {
                correct++;
            }
        }
        return examples == 0 ? 0.0 : (double) correct / examples;
    }
}
