package org.unet4j.layers.splitting;

import org.unet4j.autodiff.Tensor;
import org.unet4j.layers.Module;
import org.unet4j.layers.Parameter;

/**
 * The skip connection read as a multigrid correction: the state a level keeps from the way down (the skip s) is
 * corrected by the prolonged coarse-level result p, {@code u = a p + b s}, with learned scalars a and b (initially
 * 1/2 each, the average of the two).
 */
public final class MultigridCorrection extends Module {
    private final Parameter a;
    private final Parameter b;

    /** A correction with {@code a = b = 1/2}. */
    public MultigridCorrection() {
        this.a = registerParameter("a", Tensor.of(new double[] {0.5}, 1).toFloat32());
        this.b = registerParameter("b", Tensor.of(new double[] {0.5}, 1).toFloat32());
    }

    /** The weight a of the prolonged coarse result. */
    Parameter a() {
        return a;
    }

    /** The weight b of the skip. */
    Parameter b() {
        return b;
    }

    /** {@code a p + b s}. */
    public Tensor combine(Tensor prolonged, Tensor skip) {
        return prolonged.mul(a.tensor()).add(skip.mul(b.tensor()));
    }

    /** {@link #combine} of the two halves of the channel axis, {@code [p, s]}. */
    @Override
    public Tensor forward(Tensor prolongedAndSkip) {
        int c = prolongedAndSkip.dim(1) / 2;
        return combine(prolongedAndSkip.slice(1, 0, c), prolongedAndSkip.slice(1, c, 2 * c));
    }

    @Override
    protected String describe() {
        return "multigrid correction a*P(coarse) + b*skip";
    }
}
