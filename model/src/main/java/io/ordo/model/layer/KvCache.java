package io.ordo.model.layer;

import io.ordo.model.tensor.Mat;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Keys and values of every attention layer for B sequences decoded in lockstep, for incremental
 * (one position at a time) inference. All sequences share one length: position p of every
 * sequence is written by the same step.
 *
 * <p>Lives beside the layers (not in {@code generate}) so that the package graph stays acyclic:
 * layer &lt;- model &lt;- generate.
 */
public final class KvCache {
    private final Layer[] layers;
    private final int batch;
    private final int capacity;

    /**
     * @param layers   attention layers (one per block)
     * @param batch    sequences B
     * @param capacity positions per sequence (the model's seqLen)
     * @param dim      model width D
     */
    public KvCache(int layers, int batch, int capacity, int dim, DataType type) {
        if (layers <= 0 || batch <= 0 || capacity <= 0 || dim <= 0) {
            throw new IllegalArgumentException("KvCache needs layers, batch, capacity, dim > 0; got "
                    + layers + ", " + batch + ", " + capacity + ", " + dim);
        }
        this.layers = new Layer[layers];
        for (int i = 0; i < layers; i++) {
            this.layers[i] = new Layer(batch, capacity, dim, type);
        }
        this.batch = batch;
        this.capacity = capacity;
    }

    /** The cache of attention layer i. */
    public Layer layer(int i) {
        return layers[i];
    }

    public int layers() {
        return layers.length;
    }

    /** Sequences B. */
    public int batch() {
        return batch;
    }

    /** Positions each sequence can hold. */
    public int capacity() {
        return capacity;
    }

    /** Positions cached so far (the position the next step writes). */
    public int length() {
        return layers[0].length;
    }

    /** Forgets every position (buffers are kept). */
    public void reset() {
        for (Layer l : layers) {
            l.length = 0;
        }
    }

    /**
     * One attention layer's keys and values: row {@code b * capacity + t} holds position t of
     * sequence b, heads side by side as in the fused qkv projection.
     */
    public static final class Layer {
        private final Mat keys;   // (B * capacity, D)
        private final Mat values; // (B * capacity, D)
        private final int batch;
        private final int capacity;
        private int length;

        Layer(int batch, int capacity, int dim, DataType type) {
            this.keys = Mat.zeros(type, batch * capacity, dim);
            this.values = Mat.zeros(type, batch * capacity, dim);
            this.batch = batch;
            this.capacity = capacity;
        }

        /** (B * capacity, D) keys. */
        public Mat keys() {
            return keys;
        }

        /** (B * capacity, D) values. */
        public Mat values() {
            return values;
        }

        public int batch() {
            return batch;
        }

        public int capacity() {
            return capacity;
        }

        /** Positions cached in this layer. */
        public int length() {
            return length;
        }

        /** Marks one more position as written. */
        void advance() {
            length++;
        }
    }
}
