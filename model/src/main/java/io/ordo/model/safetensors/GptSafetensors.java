package io.ordo.model.safetensors;

import io.ordo.model.Gpt;
import io.ordo.model.param.Param;
import io.ordo.model.tensor.Mat;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link Gpt}'s weights to and from safetensors, every parameter as float32 under the name and
 * layout of {@link GptTensorNames}: trunk, NTP head, TOP head and MTP heads, whatever the model has.
 */
public final class GptSafetensors {
    private GptSafetensors() {
    }

    /** The model's parameters as file tensors, in the model's registration order. */
    public static List<FloatTensor> tensors(Gpt model) {
        List<FloatTensor> out = new ArrayList<>();
        for (Param p : model.params().params()) {
            Mat v = p.value();
            float[] data = new float[p.size()];
            boolean t = GptTensorNames.transposed(p.name());
            for (int r = 0; r < p.rows(); r++) {
                for (int c = 0; c < p.cols(); c++) {
                    data[t ? c * p.rows() + r : r * p.cols() + c] = (float) v.get(r, c);
                }
            }
            out.add(new FloatTensor(GptTensorNames.exported(p.name()), GptTensorNames.shape(p.name(), p.rows(), p.cols()), data));
        }
        return out;
    }

    /** Writes the model's weights to {@code file} with {@code metadata} in the header. */
    public static void write(Gpt model, Path file, Map<String, String> metadata) throws IOException {
        SafetensorsWriter.write(file, tensors(model), metadata);
    }

    /**
     * Loads {@code file}'s tensors into {@code model}'s parameters. The file must hold exactly the
     * model's tensors, each F32 in the model's shape; otherwise a one-line error names the first
     * tensor that does not fit and both shapes (nothing is changed then: every tensor is read,
     * and a non-F32 one refused by {@link SafetensorsFile#floats}, before any is set).
     */
    public static void load(Path file, Gpt model) throws IOException {
        SafetensorsFile f = SafetensorsFile.open(file);
        Map<String, Param> wanted = new LinkedHashMap<>();
        for (Param p : model.params().params()) {
            wanted.put(GptTensorNames.exported(p.name()), p);
        }
        for (SafetensorsEntry e : f.entries().values()) {
            Param p = wanted.get(e.name());
            if (p == null) {
                throw new SafetensorsFormatException(file + ": tensor " + e.name() + " " + e.shapeText()
                        + " is not part of this model (objective " + model.objective() + ", " + model.config().nLayers()
                        + " layers, tied embeddings " + model.config().tieEmbeddings() + "); check the model settings");
            }
            long[] shape = GptTensorNames.shape(p.name(), p.rows(), p.cols());
            if (!Arrays.equals(shape, e.shape())) {
                throw new SafetensorsFormatException(file + ": tensor " + e.name() + " has shape " + e.shapeText()
                        + " but this model needs " + Arrays.toString(shape) + "; check the model settings");
            }
        }
        for (Map.Entry<String, Param> w : wanted.entrySet()) {
            if (!f.entries().containsKey(w.getKey())) {
                Param p = w.getValue();
                throw new SafetensorsFormatException(file + ": has no tensor " + w.getKey() + " "
                        + Arrays.toString(GptTensorNames.shape(p.name(), p.rows(), p.cols()))
                        + " that this model needs (objective " + model.objective() + "); check the model settings");
            }
        }
        Map<Param, float[]> values = new LinkedHashMap<>();
        for (Map.Entry<String, Param> w : wanted.entrySet()) {
            values.put(w.getValue(), f.floats(w.getKey()));
        }
        values.forEach((p, data) -> {
            Mat v = p.value();
            boolean t = GptTensorNames.transposed(p.name());
            for (int r = 0; r < p.rows(); r++) {
                for (int c = 0; c < p.cols(); c++) {
                    v.set(r, c, data[t ? c * p.rows() + r : r * p.cols() + c]);
                }
            }
        });
    }
}
