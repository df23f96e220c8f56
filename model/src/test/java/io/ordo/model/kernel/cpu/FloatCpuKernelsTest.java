package io.ordo.model.kernel.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ordo.model.device.Device;
import io.ordo.model.layer.Block;
import io.ordo.model.layer.CausalSelfAttention;
import io.ordo.model.layer.Embedding;
import io.ordo.model.layer.Gelu;
import io.ordo.model.layer.LayerNorm;
import io.ordo.model.layer.Mlp;
import io.ordo.model.param.ParameterStore;
import io.ordo.model.tensor.Mat;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

/** The CPU float kernels compute what the gradient-checked double reference computes, to float precision. */
class FloatCpuKernelsTest {
    private static final int ROWS = 12;
    private static final int COLS = 40;

    private static Mat filled(DataType type, long seed) {
        return filled(type, ROWS, COLS, seed);
    }

    private static Mat filled(DataType type, int rows, int cols, long seed) {
        Mat m = Mat.zeros(type, rows, cols);
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = 0; i < m.size(); i++) {
            m.setFlat(i, 3 * (rng.nextDouble() - 0.5));
        }
        return m;
    }

    private static void assertClose(Mat expected, Mat actual, double tol, String what) {
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.getFlat(i), actual.getFlat(i), tol * (1 + Math.abs(expected.getFlat(i))), what + "[" + i + "]");
        }
    }

    /** Runs the same computation in double and float and compares outputs and gradients. */
    private static void compare(String what, Function<DataType, Mat[]> run) {
        Mat[] d = run.apply(DataType.DOUBLE);
        Mat[] f = run.apply(DataType.FLOAT);
        for (int i = 0; i < d.length; i++) {
            assertClose(d[i], f[i], 2e-5, what + " output " + i);
        }
    }

    @Test
    void shouldMatchDoubleLayerNorm() {
        compare("layernorm", type -> {
            ParameterStore store = new ParameterStore(type);
            LayerNorm ln = new LayerNorm(store, "ln", COLS);
            store.allocate(1);
            store.params().forEach(p -> p.value().copyFrom(filled(type, p.name().length()).rows(0, 1)));
            Mat x = filled(type, 2);
            Mat y = Mat.zeros(type, ROWS, COLS);
            Mat dx = Mat.zeros(type, ROWS, COLS);
            ln.forward(x, y);
            ln.backward(filled(type, 3), dx);
            return new Mat[] {y, dx, store.params().get(0).grad(), store.params().get(1).grad()};
        });
    }

    @Test
    void shouldMatchDoubleGelu() {
        compare("gelu", type -> {
            Gelu gelu = new Gelu(Device.forType(type).kernels().gelu());
            Mat x = filled(type, 4);
            Mat y = Mat.zeros(type, ROWS, COLS);
            Mat dx = Mat.zeros(type, ROWS, COLS);
            gelu.forward(x, y);
            gelu.backward(filled(type, 5), dx);
            return new Mat[] {y, dx};
        });
    }

    @Test
    void shouldMatchDoubleCausalAttention() {
        int seq = 4;
        compare("attention", type -> {
            ParameterStore store = new ParameterStore(type);
            CausalSelfAttention attn = new CausalSelfAttention(store, "attn", COLS, 4);
            store.allocate(1);
            Mat x = filled(type, 8);
            Mat y = Mat.zeros(type, ROWS, COLS);
            Mat dx = Mat.zeros(type, ROWS, COLS);
            attn.forward(x, seq, y);
            attn.backward(filled(type, 9), seq, dx);
            return new Mat[] {y, dx, store.params().get(0).grad()};
        });
    }

    @Test
    void shouldMatchDoubleCausalAttentionOverSeveralHeapTiles() {
        int seq = 70; // 29 rows of 70 per 2048-float tile: three tiles per (T, T) block, a partial last one
        int rows = 2 * seq;
        compare("attention T=70", type -> {
            ParameterStore store = new ParameterStore(type);
            CausalSelfAttention attn = new CausalSelfAttention(store, "attn", 16, 2);
            store.allocate(3);
            Mat x = filled(type, rows, 16, 12);
            Mat y = Mat.zeros(type, rows, 16);
            Mat dx = Mat.zeros(type, rows, 16);
            attn.forward(x, seq, y);
            attn.backward(filled(type, rows, 16, 13), seq, dx);
            return new Mat[] {y, dx, store.params().get(0).grad(), store.params().get(1).grad()};
        });
    }

    @Test
    void shouldMatchDoubleMlpWithTheBiasGradientFusedIntoGelu() {
        int rows = 130; // 12 rows of 160 per tile: eleven tiles, a partial last one
        compare("mlp", type -> {
            ParameterStore store = new ParameterStore(type);
            Mlp mlp = new Mlp(store, "mlp", COLS, 4 * COLS);
            store.allocate(4);
            Mat x = filled(type, rows, COLS, 14);
            Mat y = Mat.zeros(type, rows, COLS);
            Mat dx = Mat.zeros(type, rows, COLS);
            mlp.forward(x, y);
            mlp.backward(filled(type, rows, COLS, 15), dx);
            Mat[] out = new Mat[2 + store.params().size()];
            out[0] = y;
            out[1] = dx;
            for (int i = 0; i < store.params().size(); i++) {
                out[2 + i] = store.params().get(i).grad();
            }
            return out;
        });
    }

    @Test
    void shouldMatchDoubleBlock() {
        int seq = 3;
        compare("block", type -> {
            ParameterStore store = new ParameterStore(type);
            Block block = new Block(store, "b", COLS, 4, 2 * COLS, 0.0, 5);
            store.allocate(1);
            Mat x = filled(type, 10);
            Mat y = Mat.zeros(type, ROWS, COLS);
            Mat dx = Mat.zeros(type, ROWS, COLS);
            block.forward(x, seq, y, true);
            block.backward(filled(type, 11), dx);
            return new Mat[] {y, dx, store.params().get(0).grad(), store.params().get(2).grad()};
        });
    }

    @Test
    void shouldMatchDoubleBlockWithDropout() {
        int seq = 3;
        compare("block with dropout", type -> {
            ParameterStore store = new ParameterStore(type);
            Block block = new Block(store, "b", COLS, 4, 2 * COLS, 0.2, 5);
            store.allocate(1);
            Mat x = filled(type, 10);
            Mat y = Mat.zeros(type, ROWS, COLS);
            Mat dx = Mat.zeros(type, ROWS, COLS);
            block.forward(x, seq, y, true);
            block.backward(filled(type, 11), dx);
            return new Mat[] {y, dx, store.params().get(0).grad(), store.params().get(2).grad()};
        });
    }

    @Test
    void shouldMatchDoubleEmbedding() {
        int seq = 4;
        compare("embedding", type -> {
            ParameterStore store = new ParameterStore(type);
            Embedding embedding = new Embedding(store, 9, seq, COLS);
            store.allocate(6);
            int[] ids = new int[ROWS];
            for (int r = 0; r < ROWS; r++) {
                ids[r] = (r * 5 + 3) % 9;
            }
            Mat x = Mat.zeros(type, ROWS, COLS);
            embedding.forward(ids, seq, x);
            embedding.backward(filled(type, 16));
            return new Mat[] {x, store.params().get(0).grad(), store.params().get(1).grad()};
        });
    }

    @Test
    void shouldMatchDoubleAdd() {
        compare("add", type -> {
            Mat out = Mat.zeros(type, ROWS, COLS);
            Device.forType(type).kernels().elementwise().add(filled(type, 6), filled(type, 7), out);
            return new Mat[] {out};
        });
    }
}
