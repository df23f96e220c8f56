package io.ordo.model.safetensors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ordo.model.Gpt;
import io.ordo.model.ModelConfig;
import io.ordo.model.Objective;
import io.ordo.model.param.Param;
import io.ordo.model.tensor.Mat;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;

/** Export to safetensors and import back: bit-identical parameters, identical logits on every head, clear mismatch errors. */
class GptSafetensorsTest {
    private static final ModelConfig SMALL = new ModelConfig(11, 8, 16, 2, 2, 4, 0.0, false, 3);

    @TempDir
    Path dir;

    @Test
    void roundTripIsBitIdenticalInParametersAndLogitsForEveryObjective() throws IOException {
        for (Objective objective : List.of(Objective.ntp(), Objective.top(4), Objective.mtp(3))) {
            for (boolean tied : new boolean[] {false, true}) {
                ModelConfig config = SMALL.withTiedEmbeddings(tied);
                Gpt source = randomised(new Gpt(config, objective, DataType.FLOAT), 7);
                Path f = dir.resolve(objective.kind() + "-" + tied + ".safetensors");
                GptSafetensors.write(source, f, Map.of("format", "pt"));
                Gpt target = new Gpt(config.withSeed(99), objective, DataType.FLOAT);
                GptSafetensors.load(f, target);
                String what = objective + (tied ? " tied" : "");
                for (int i = 0; i < source.params().size(); i++) {
                    assertEquals(Float.floatToRawIntBits(source.params().values().getFloat(i)),
                            Float.floatToRawIntBits(target.params().values().getFloat(i)), what + " parameter " + i);
                }
                int[] ids = new int[2 * config.seqLen()];
                for (int i = 0; i < ids.length; i++) {
                    ids[i] = (i * 5 + 3) % config.vocabSize();
                }
                int[] heads = objective.kind() == Objective.Kind.TOP ? new int[] {1, 0}
                        : objective.kind() == Objective.Kind.MTP ? new int[] {1, 2, 3} : new int[] {1};
                Mat[] a = source.headLogits(ids, 2, config.seqLen(), heads);
                Mat[] b = target.headLogits(ids, 2, config.seqLen(), heads);
                for (int h = 0; h < heads.length; h++) {
                    for (int i = 0; i < a[h].size(); i++) {
                        assertEquals(Float.floatToRawIntBits((float) a[h].getFlat(i)),
                                Float.floatToRawIntBits((float) b[h].getFlat(i)), what + " head " + heads[h] + " logit " + i);
                    }
                }
            }
        }
    }

    @Test
    void namesFollowTheGpt2SchemeAndHeadsAreStoredAsLinear() {
        Gpt model = new Gpt(SMALL, Objective.mtp(2), DataType.FLOAT);
        Map<String, long[]> shapes = new java.util.LinkedHashMap<>();
        GptSafetensors.tensors(model).forEach(t -> shapes.put(t.name(), t.shape()));
        assertEquals(List.of(11L, 16L), boxed(shapes.get("transformer.wte.weight")));
        assertEquals(List.of(8L, 16L), boxed(shapes.get("transformer.wpe.weight")));
        assertEquals(List.of(16L, 48L), boxed(shapes.get("transformer.h.1.attn.c_attn.weight")));
        assertEquals(List.of(16L), boxed(shapes.get("transformer.h.0.ln_1.weight")));
        assertEquals(List.of(64L, 16L), boxed(shapes.get("transformer.h.0.mlp.c_proj.weight")));
        assertEquals(List.of(16L), boxed(shapes.get("transformer.ln_f.bias")));
        assertEquals(List.of(11L, 16L), boxed(shapes.get("lm_head.weight")));
        assertEquals(List.of(16L, 64L), boxed(shapes.get("mtp_heads.2.mlp.c_fc.weight")));
        Set<String> unique = new HashSet<>(shapes.keySet());
        assertEquals(model.params().params().size(), unique.size(), "one file tensor per parameter");
        Gpt tied = new Gpt(SMALL.withTiedEmbeddings(true), Objective.ntp(), DataType.FLOAT);
        assertFalse(GptSafetensors.tensors(tied).stream().anyMatch(t -> t.name().equals("lm_head.weight")),
                "a tied head shares transformer.wte.weight");
    }

    @Test
    void shapeMismatchNamesTheTensorAndBothShapes() throws IOException {
        Path f = dir.resolve("wide.safetensors");
        GptSafetensors.write(new Gpt(SMALL.withShape(32, 2, 2), Objective.ntp(), DataType.FLOAT), f, Map.of());
        Gpt target = new Gpt(SMALL, Objective.ntp(), DataType.FLOAT);
        float before = target.params().values().getFloat(0);
        SafetensorsFormatException e = assertThrows(SafetensorsFormatException.class, () -> GptSafetensors.load(f, target));
        assertTrue(e.getMessage().contains("tensor transformer.wte.weight has shape [11, 32] but this model needs [11, 16]"),
                e.getMessage());
        assertEquals(before, target.params().values().getFloat(0), "nothing loaded");
    }

    @Test
    void extraOrMissingTensorsAreNamed() throws IOException {
        Path mtp = dir.resolve("mtp.safetensors");
        GptSafetensors.write(new Gpt(SMALL, Objective.mtp(2), DataType.FLOAT), mtp, Map.of());
        SafetensorsFormatException extra = assertThrows(SafetensorsFormatException.class,
                () -> GptSafetensors.load(mtp, new Gpt(SMALL, Objective.ntp(), DataType.FLOAT)));
        assertTrue(extra.getMessage().contains("tensor mtp_heads.2.ln_1.weight [16] is not part of this model (objective ntp"),
                extra.getMessage());
        Path ntp = dir.resolve("ntp.safetensors");
        GptSafetensors.write(new Gpt(SMALL, Objective.ntp(), DataType.FLOAT), ntp, Map.of());
        SafetensorsFormatException missing = assertThrows(SafetensorsFormatException.class,
                () -> GptSafetensors.load(ntp, new Gpt(SMALL, Objective.top(0), DataType.FLOAT)));
        assertTrue(missing.getMessage().contains("has no tensor top_head.weight [11, 16] that this model needs (objective top)"),
                missing.getMessage());
    }

    @Test
    void nonF32WeightsAreRefusedAndNothingIsLoaded() throws IOException {
        Path f32 = dir.resolve("f32.safetensors");
        GptSafetensors.write(new Gpt(SMALL, Objective.ntp(), DataType.FLOAT), f32, Map.of());
        byte[] bytes = Files.readAllBytes(f32);
        int n = (int) ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        ObjectNode header = (ObjectNode) new ObjectMapper().readTree(new String(bytes, 8, n, StandardCharsets.UTF_8));
        // the last tensor in the data, lm_head.bias (11 floats), as 11 F16 values: 22 bytes fewer
        ObjectNode bias = (ObjectNode) header.get("lm_head.bias");
        bias.put("dtype", "F16");
        long end = bias.get("data_offsets").get(1).longValue();
        ((ArrayNode) bias.get("data_offsets")).set(1, end - 22);
        byte[] h = new ObjectMapper().writeValueAsBytes(header);
        int data = bytes.length - 8 - n - 22;
        Path f16 = dir.resolve("f16.safetensors");
        Files.write(f16, ByteBuffer.allocate(8 + h.length + data).order(ByteOrder.LITTLE_ENDIAN)
                .putLong(h.length).put(h).put(bytes, 8 + n, data).array());
        Gpt target = new Gpt(SMALL.withSeed(5), Objective.ntp(), DataType.FLOAT);
        float before = target.params().values().getFloat(0);
        SafetensorsFormatException e = assertThrows(SafetensorsFormatException.class, () -> GptSafetensors.load(f16, target));
        assertTrue(e.getMessage().contains("tensor lm_head.bias is F16; Ordo loads F32 tensors only"), e.getMessage());
        assertEquals(before, target.params().values().getFloat(0), "nothing loaded");
    }

    private static List<Long> boxed(long[] a) {
        return java.util.Arrays.stream(a).boxed().toList();
    }

    /** Every parameter drawn at random (biases and gains too), so the round trip checks each value. */
    private static Gpt randomised(Gpt model, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        for (Param p : model.params().params()) {
            for (int i = 0; i < p.size(); i++) {
                p.value().setFlat(i, rng.nextDouble(-0.5, 0.5));
            }
        }
        return model;
    }
}
