package io.ordo.model.optim;

import io.ordo.model.param.ParameterStore;

/**
 * Clips the global L2 norm of the flat gradient buffer, like {@code torch.nn.utils.clip_grad_norm_}
 * but with the exact factor {@code maxNorm / norm} (torch adds 1e-6 to the norm), so clipped
 * gradients have norm {@code maxNorm} up to rounding. Allocation-free.
 */
public final class GradientClipper {
    private final double maxNorm;

    /** {@code maxNorm} finite and &gt;= 0; 0 disables clipping ({@link #norm} still works). */
    public GradientClipper(double maxNorm) {
        if (!(maxNorm >= 0.0 && Double.isFinite(maxNorm))) {
            throw new IllegalArgumentException("gradClipNorm must be finite and >= 0, got " + maxNorm);
        }
        this.maxNorm = maxNorm;
    }

    public double maxNorm() {
        return maxNorm;
    }

    /**
     * Global L2 norm of all {@code store.size()} gradients, accumulated in double. NaN or infinite
     * when any gradient is (NaN wins over infinity).
     */
    public double norm(ParameterStore store) {
        return Math.sqrt(store.kernels().optimizer().sumOfSquares(store.gradMat()));
    }

    /**
     * Scales the gradients in place by {@code maxNorm / norm} when {@code norm > maxNorm} and
     * clipping is on; {@code norm} is the value {@link #norm} returned for the current gradients.
     *
     * @return whether the gradients were scaled
     */
    public boolean clip(ParameterStore store, double norm) {
        if (maxNorm == 0.0 || !(norm > maxNorm) || !Double.isFinite(norm)) {
            return false;
        }
        store.kernels().optimizer().scale(store.gradMat(), maxNorm / norm);
        return true;
    }

    /** Computes the norm, clips if needed, and returns the norm before clipping. */
    public double clip(ParameterStore store) {
        double norm = norm(store);
        clip(store, norm);
        return norm;
    }
}
