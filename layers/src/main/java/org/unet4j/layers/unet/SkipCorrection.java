package org.unet4j.layers.unet;

import org.unet4j.autodiff.Tensor;
import org.unet4j.layers.Module;
import org.unet4j.layers.Parameter;

/**
 * The skip connection read as a multigrid coarse-grid correction (Tai, Liu, Chan, Li, "A Mathematical Explanation
 * of UNet", 2024; PottsMGNet): the state s a level kept on the way down is corrected by the prolonged and smoothed
 * coarse result p,
 * <pre>
 *   y = a p + b s,
 * </pre>
 * with learned scalars a and b, initially 1/2 each (the average of the two). A U-Net with
 * {@link SkipMerge#CORRECTION} has one per decoder level, p being the decoder block's output.
 */
public final class SkipCorrection extends Module {
    private final Parameter a;
    private final Parameter b;

    /** A correction with {@code a = b = 1/2}. */
    public SkipCorrection() {
        this.a = registerParameter("a", Tensor.of(new float[] {0.5f}, 1));
        this.b = registerParameter("b", Tensor.of(new float[] {0.5f}, 1));
    }

    /** The weight a of the prolonged coarse result. */
    public Parameter a() {
        return a;
    }

    /** The weight b of the skip. */
    public Parameter b() {
        return b;
    }

    /** {@code a p + b s}; p and s have the same shape. */
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
        return "multigrid correction a*coarse + b*skip";
    }
}
