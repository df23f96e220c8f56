package io.ordo.model.layer;

import io.ordo.model.param.ParameterStore;
import io.ordo.model.tensor.Mat;

/** fc2(gelu(fc1(x))): D -> H -> D. */
public final class Mlp {
    private final Linear fc1;
    private final Linear fc2;
    private final Gelu gelu;
    private Mat hidden;    // (N, H) fc1 output
    private Mat activated; // (N, H) gelu output
    private Mat dHidden;   // (N, H) scratch

    public Mlp(ParameterStore store, String name, int dim, int hiddenDim) {
        this.fc1 = new Linear(store, name + ".fc1", dim, hiddenDim, true);
        this.fc2 = new Linear(store, name + ".fc2", hiddenDim, dim, true);
        this.gelu = new Gelu(store.kernels().gelu());
    }

    /** x (N, D) -> y (N, D), overwritten. */
    public void forward(Mat x, Mat y) {
        int h = fc1.outFeatures();
        hidden = Mat.reuse(hidden, x.dataType(), x.rows(), h);
        activated = Mat.reuse(activated, x.dataType(), x.rows(), h);
        fc1.forward(x, hidden);
        gelu.forward(hidden, activated);
        fc2.forward(activated, y);
    }

    /** dy (N, D) -> dx (N, D), overwritten. */
    public void backward(Mat dy, Mat dx) {
        dHidden = Mat.reuse(dHidden, dy.dataType(), dy.rows(), fc1.outFeatures());
        fc2.backward(dy, dHidden);
        Mat fc1BiasGrad = fc1.biasGrad();
        gelu.backward(dHidden, dHidden, fc1BiasGrad); // fc1's bias gradient summed while dHidden is in cache
        fc1.backward(dHidden, dx, fc1BiasGrad != null);
    }
}
