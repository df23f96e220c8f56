package io.ordo.actors.job;

import io.ordo.streams.gen.TaskGenerator;
import io.ordo.streams.tokenize.TaskTokens;
import io.ordo.streams.tokenize.Tokenizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Tokenized examples drawn directly from a generator (for MI estimation and evaluation). */
public final class TaskSamples {
    private TaskSamples() {
    }

    /** Examples 0..count-1 as prompt + target tokens. */
    public static List<TaskTokens> first(TaskGenerator gen, Tokenizer tokenizer, int count) {
        List<TaskTokens> out = new ArrayList<>(count);
        for (long i = 0; i < count; i++) {
            var e = gen.example(i);
            int[] p = tokenizer.encode(e.prompt());
            int[] t = tokenizer.encode(e.target());
            int[] all = Arrays.copyOf(p, p.length + t.length);
            System.arraycopy(t, 0, all, p.length, t.length);
            out.add(new TaskTokens(all, p.length, e.at()));
        }
        return out;
    }
}
