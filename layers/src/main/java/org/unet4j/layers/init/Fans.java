package org.unet4j.layers.init;

import org.unet4j.autodiff.Shape;

/**
 * The fan-in and fan-out of a weight, computed from its shape as PyTorch does: for a shape
 * {@code [d0, d1, k...]}, with r = prod(k) the receptive field, fan_in = d1 r and fan_out = d0 r. For a convolution
 * weight {@code [out, in/groups, kh, kw]} that is {@code (in/groups) kh kw} and {@code out kh kw}; for a linear
 * weight {@code [out, in]}, {@code in} and {@code out}. (A transposed convolution stores {@code [in, out/groups, kh,
 * kw]}, so its fans come out swapped, exactly as in PyTorch.)
 */
public record Fans(int fanIn, int fanOut) {

    /** The fans of a weight of the given shape, which needs at least two axes. */
    public static Fans of(Shape weightShape) {
        if (weightShape.rank() < 2) {
            throw new IllegalArgumentException("fan in and fan out need a weight with at least 2 axes, got shape "
                    + weightShape);
        }
        int receptive = weightShape.product(2, weightShape.rank());
        return new Fans(weightShape.dim(1) * receptive, weightShape.dim(0) * receptive);
    }

    /** The fan for {@code mode}. */
    public int get(FanMode mode) {
        return mode == FanMode.FAN_IN ? fanIn : fanOut;
    }

    int requireFanIn() {
        if (fanIn <= 0) {
            throw new IllegalArgumentException("cannot initialise from fan_in = " + fanIn + "; the weight is empty");
        }
        return fanIn;
    }
}
