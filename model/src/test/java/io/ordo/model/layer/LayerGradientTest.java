package io.ordo.model.layer;

import io.ordo.model.kernel.reference.ReferenceKernels;
import io.ordo.model.param.ParameterStore;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

/** Finite-difference checks of every layer's backward pass (double precision). */
class LayerGradientTest {
    private static final int SEQ = 5;
    private static final int BATCH = 2;
    private static final int DIM = 8;

    @Test
    void shouldMatchFiniteDifferencesForLinear() {
        ParameterStore store = new ParameterStore(DataType.DOUBLE);
        Linear layer = new Linear(store, "lin", DIM, 6, true);
        store.allocate(1);
        LayerHarness.check(store, BATCH * SEQ, DIM, 6, layer::forward, layer::backward);
    }

    @Test
    void shouldMatchFiniteDifferencesForLayerNorm() {
        ParameterStore store = new ParameterStore(DataType.DOUBLE);
        LayerNorm layer = new LayerNorm(store, "ln", DIM);
        store.allocate(1);
        LayerHarness.check(store, BATCH * SEQ, DIM, DIM, layer::forward, layer::backward);
    }

    @Test
    void shouldMatchFiniteDifferencesForMlp() {
        ParameterStore store = new ParameterStore(DataType.DOUBLE);
        Mlp layer = new Mlp(store, "mlp", DIM, 3 * DIM);
        store.allocate(1);
        LayerHarness.check(store, BATCH * SEQ, DIM, DIM, layer::forward, layer::backward);
    }

    @Test
    void shouldMatchFiniteDifferencesForGelu() {
        ParameterStore store = new ParameterStore(DataType.DOUBLE);
        store.allocate(1);
        Gelu gelu = new Gelu(ReferenceKernels.INSTANCE.gelu());
        LayerHarness.check(store, BATCH * SEQ, DIM, DIM, gelu::forward, gelu::backward);
    }

    @Test
    void shouldMatchFiniteDifferencesForCausalAttention() {
        ParameterStore store = new ParameterStore(DataType.DOUBLE);
        CausalSelfAttention layer = new CausalSelfAttention(store, "attn", DIM, 2);
        store.allocate(1);
        LayerHarness.check(store, BATCH * SEQ, DIM, DIM,
                (x, y) -> layer.forward(x, SEQ, y), (dy, dx) -> layer.backward(dy, SEQ, dx));
    }

    @Test
    void shouldMatchFiniteDifferencesForCausalAttentionInRowPanels() {
        // T = 7 in panels of 2, 2, 2 and 1 rows: the products skip the blocks above the diagonal.
        int seq = 7;
        ParameterStore store = new ParameterStore(DataType.DOUBLE);
        CausalSelfAttention layer = new CausalSelfAttention(store, "attn", DIM, 2, 2);
        store.allocate(1);
        LayerHarness.check(store, BATCH * seq, DIM, DIM,
                (x, y) -> layer.forward(x, seq, y), (dy, dx) -> layer.backward(dy, seq, dx));
    }

    @Test
    void shouldMatchFiniteDifferencesForBlock() {
        ParameterStore store = new ParameterStore(DataType.DOUBLE);
        Block block = new Block(store, "block", DIM, 2, 2 * DIM, 0.0, 3);
        store.allocate(1);
        LayerHarness.check(store, BATCH * SEQ, DIM, DIM,
                (x, y) -> block.forward(x, SEQ, y, true), block::backward);
    }

    @Test
    void shouldMatchFiniteDifferencesForBlockWithDropout() {
        // The same masks on every forward (generators restored first), so the block is a fixed function.
        ParameterStore store = new ParameterStore(DataType.DOUBLE);
        Block block = new Block(store, "block", DIM, 2, 2 * DIM, 0.3, 3);
        store.allocate(1);
        long[] rng = new long[2];
        block.saveDropoutRng(rng, 0);
        LayerHarness.check(store, BATCH * SEQ, DIM, DIM, (x, y) -> {
            block.restoreDropoutRng(rng, 0);
            block.forward(x, SEQ, y, true);
        }, block::backward);
    }
}
