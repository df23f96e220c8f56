package io.ordo.model.param;

import io.ordo.model.tensor.Mat;

/**
 * One named (rows, cols) tensor in the flat parameter vector; its value and gradient are views
 * into {@link ParameterStore}'s two flat buffers, bound when the store allocates.
 */
public final class Param {
    private final String name;
    private final int offset;
    private final int rows;
    private final int cols;
    private final Init init;
    private Mat value;
    private Mat grad;

    Param(String name, int offset, int rows, int cols, Init init) {
        this.name = name;
        this.offset = offset;
        this.rows = rows;
        this.cols = cols;
        this.init = init;
    }

    void bind(Mat value, Mat grad) {
        this.value = value;
        this.grad = grad;
    }

    public String name() {
        return name;
    }

    public int offset() {
        return offset;
    }

    public int rows() {
        return rows;
    }

    public int cols() {
        return cols;
    }

    public int size() {
        return rows * cols;
    }

    public Init init() {
        return init;
    }

    public Mat value() {
        if (value == null) {
            throw new IllegalStateException("parameter " + name + " used before ParameterStore.allocate()");
        }
        return value;
    }

    public Mat grad() {
        if (grad == null) {
            throw new IllegalStateException("parameter " + name + " used before ParameterStore.allocate()");
        }
        return grad;
    }

    @Override
    public String toString() {
        return name + "[" + rows + "x" + cols + "]@" + offset;
    }
}
