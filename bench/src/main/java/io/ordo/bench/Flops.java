package io.ordo.bench;

import io.ordo.model.ModelConfig;
import io.ordo.model.Objective;

/**
 * Model FLOPs of one training step (forward + backward), the PaLM / nanoGPT estimate:
 * {@code 6 * N + 12 * L * T * D} per input token, where N counts the weights of every matmul the
 * objective trains (blocks, NTP head, TOP head, MTP head blocks; not the embedding lookups, not
 * biases or LayerNorm gains) and L counts the attention layers (trunk plus MTP head blocks).
 * Full T x T attention matmuls are counted, as Ordo and the peer both compute them.
 */
public final class Flops {
    private Flops() {
    }

    /** Weights in matmuls: 12 D^2 per block (qkv 3D^2, proj D^2, fc1 and fc2 4D^2 each at mlpRatio 4). */
    public static long matmulParams(ModelConfig c, Objective objective) {
        long d = c.dModel();
        long perBlock = 4 * d * d + 2 * d * c.mlpHidden();
        long blocks = c.nLayers() + objective.mtpTokens() - 1;
        long heads = objective.kind() == Objective.Kind.TOP ? 2 : 1;
        return blocks * perBlock + heads * d * c.vocabSize();
    }

    /** Attention layers: trunk blocks plus MTP head blocks. */
    public static int attentionLayers(ModelConfig c, Objective objective) {
        return c.nLayers() + objective.mtpTokens() - 1;
    }

    /** Forward + backward FLOPs per input token. */
    public static double perToken(ModelConfig c, Objective objective) {
        return 6.0 * matmulParams(c, objective)
                + 12.0 * attentionLayers(c, objective) * c.seqLen() * c.dModel();
    }
}
