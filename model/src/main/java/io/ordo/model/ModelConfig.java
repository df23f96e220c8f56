package io.ordo.model;

/**
 * The GPT's shape, as one typed record with documented defaults and validation.
 *
 * @param vocabSize     number of token ids (default 64)
 * @param seqLen        context length T, also the size of the learned position table (default 64)
 * @param dModel        residual width D (default 128)
 * @param nHeads        attention heads; must divide dModel (default 4)
 * @param nLayers       transformer blocks (default 2)
 * @param mlpRatio      MLP hidden width as a multiple of dModel (default 4)
 * @param dropout       dropout on the residual branches during training, in [0, 1) (default 0: off)
 * @param tieEmbeddings NTP head shares the token embedding matrix (default false)
 * @param seed          initialisation seed (default 42)
 */
public record ModelConfig(int vocabSize, int seqLen, int dModel, int nHeads, int nLayers, int mlpRatio,
                          double dropout, boolean tieEmbeddings, long seed) {

    public static final int DEFAULT_VOCAB_SIZE = 64;
    public static final int DEFAULT_SEQ_LEN = 64;
    public static final int DEFAULT_D_MODEL = 128;
    public static final int DEFAULT_N_HEADS = 4;
    public static final int DEFAULT_N_LAYERS = 2;
    public static final int DEFAULT_MLP_RATIO = 4;
    public static final double DEFAULT_DROPOUT = 0.0;
    public static final long DEFAULT_SEED = 42L;

    public ModelConfig {
        positive("vocabSize", vocabSize);
        positive("seqLen", seqLen);
        positive("dModel", dModel);
        positive("nHeads", nHeads);
        positive("nLayers", nLayers);
        positive("mlpRatio", mlpRatio);
        if (dModel % nHeads != 0) {
            throw new IllegalArgumentException("dModel (" + dModel + ") must be a multiple of nHeads (" + nHeads + ")");
        }
        if (!(dropout >= 0.0 && dropout < 1.0)) {
            throw new IllegalArgumentException("dropout must be in [0, 1), got " + dropout);
        }
    }

    /** The tiny config of the PyTorch peer: V64 T64 D128 H4 L2. */
    public static ModelConfig defaults() {
        return new ModelConfig(DEFAULT_VOCAB_SIZE, DEFAULT_SEQ_LEN, DEFAULT_D_MODEL, DEFAULT_N_HEADS,
                DEFAULT_N_LAYERS, DEFAULT_MLP_RATIO, DEFAULT_DROPOUT, false, DEFAULT_SEED);
    }

    public int headDim() {
        return dModel / nHeads;
    }

    public int mlpHidden() {
        return dModel * mlpRatio;
    }

    public ModelConfig withVocabSize(int v) {
        return new ModelConfig(v, seqLen, dModel, nHeads, nLayers, mlpRatio, dropout, tieEmbeddings, seed);
    }

    public ModelConfig withSeqLen(int t) {
        return new ModelConfig(vocabSize, t, dModel, nHeads, nLayers, mlpRatio, dropout, tieEmbeddings, seed);
    }

    public ModelConfig withShape(int d, int heads, int layers) {
        return new ModelConfig(vocabSize, seqLen, d, heads, layers, mlpRatio, dropout, tieEmbeddings, seed);
    }

    public ModelConfig withDropout(double p) {
        return new ModelConfig(vocabSize, seqLen, dModel, nHeads, nLayers, mlpRatio, p, tieEmbeddings, seed);
    }

    public ModelConfig withTiedEmbeddings(boolean tied) {
        return new ModelConfig(vocabSize, seqLen, dModel, nHeads, nLayers, mlpRatio, dropout, tied, seed);
    }

    public ModelConfig withSeed(long s) {
        return new ModelConfig(vocabSize, seqLen, dModel, nHeads, nLayers, mlpRatio, dropout, tieEmbeddings, s);
    }

    private static void positive(String key, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(key + " must be > 0, got " + value);
        }
    }
}
