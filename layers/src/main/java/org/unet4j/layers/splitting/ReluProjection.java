package org.unet4j.layers.splitting;

import org.unet4j.autodiff.Tensor;
import org.unet4j.layers.Module;

/**
 * The projection sub-step onto the constraint set {@code {v >= 0}}: {@code v = argmin_{v >= 0} 1/2 |v - x|^2}.
 * The problem separates over pixels; for one pixel the unconstrained minimiser x is feasible when
 * {@code x >= 0}, and otherwise the parabola is increasing on {@code [0, inf)} so the minimiser is 0. Hence
 * {@code v = max(x, 0) = ReLU(x)}.
 */
public final class ReluProjection extends Module {
    /** The functional {@code 1/2 (v - x)^2} minimised over {@code v >= 0}. */
    public double energy(double v, double x) {
        return 0.5 * (v - x) * (v - x);
    }

    /** The projection {@code max(x, 0)}, elementwise. */
    @Override
    public Tensor forward(Tensor x) {
        return x.relu();
    }

    @Override
    protected String describe() {
        return "projection onto v >= 0: max(x, 0)";
    }
}
