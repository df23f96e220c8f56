package io.ordo.deploy;

import io.ordo.model.Gpt;
import io.ordo.model.Objective;
import io.ordo.model.safetensors.FloatTensor;
import io.ordo.model.safetensors.SafetensorsWriter;
import io.ordo.model.tensor.Mat;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Ordo's own logits on fixed inputs, written as safetensors so that another implementation
 * (bench/peer/compare_logits.py) can load the exported weights, run the same inputs and compare:
 * {@code input_ids} (B, T) as float32 (exact below 2^24), then {@code logits.ntp}, {@code logits.top}
 * and {@code logits.mtp:k}, each (B, T, V), for the heads the model has.
 */
final class ReferenceLogits {
    static final String FILE_NAME = "reference-logits.safetensors";
    /** Sequences in the probe batch. */
    static final int ROWS = 2;

    private ReferenceLogits() {
    }

    static void write(Gpt model, Path file) throws IOException {
        int t = model.config().seqLen();
        int v = model.config().vocabSize();
        int[] ids = new int[ROWS * t];
        SplittableRandom rng = new SplittableRandom(20260101L);
        float[] idValues = new float[ids.length];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = rng.nextInt(v);
            idValues[i] = ids[i];
        }
        Objective o = model.objective();
        List<Integer> offsets = new ArrayList<>(List.of(1));
        List<String> names = new ArrayList<>(List.of("logits.ntp"));
        if (o.kind() == Objective.Kind.TOP) {
            offsets.add(0);
            names.add("logits.top");
        }
        for (int k = 2; k <= o.mtpTokens(); k++) {
            offsets.add(k);
            names.add("logits.mtp:" + k);
        }
        Mat[] logits = model.headLogits(ids, ROWS, t, offsets.stream().mapToInt(Integer::intValue).toArray());
        List<FloatTensor> tensors = new ArrayList<>();
        tensors.add(new FloatTensor("input_ids", new long[] {ROWS, t}, idValues));
        for (int h = 0; h < logits.length; h++) {
            float[] data = new float[logits[h].size()];
            for (int i = 0; i < data.length; i++) {
                data[i] = (float) logits[h].getFlat(i);
            }
            tensors.add(new FloatTensor(names.get(h), new long[] {ROWS, t, v}, data));
        }
        SafetensorsWriter.write(file, tensors, Map.of("format", "pt"));
    }
}
