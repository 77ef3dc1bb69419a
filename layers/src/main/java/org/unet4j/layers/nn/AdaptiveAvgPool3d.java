package org.unet4j.layers.nn;

import org.unet4j.autodiff.Pooling;
import org.unet4j.autodiff.Tensor;
import org.unet4j.layers.Module;

/**
 * Average pooling of an NCDHW batch to a fixed output size, whatever the input size: along each axis, bin {@code i}
 * of an axis of size {@code D} pooled to {@code d} averages {@code [floor(i D / d), ceil((i + 1) D / d))}.
 * {@code new AdaptiveAvgPool3d(1, 1, 1)} is global average pooling.
 */
public final class AdaptiveAvgPool3d extends Module {
    private final int outDepth;
    private final int outHeight;
    private final int outWidth;

    /** Pools to {@code outDepth x outHeight x outWidth}. */
    public AdaptiveAvgPool3d(int outDepth, int outHeight, int outWidth) {
        if (outDepth < 1 || outHeight < 1 || outWidth < 1) {
            throw new IllegalArgumentException("AdaptiveAvgPool3d: the output size must be at least 1x1x1, got "
                    + outDepth + "x" + outHeight + "x" + outWidth);
        }
        this.outDepth = outDepth;
        this.outHeight = outHeight;
        this.outWidth = outWidth;
    }

    @Override
    public Tensor forward(Tensor input) {
        return Pooling.adaptiveAvgPool3d(input, outDepth, outHeight, outWidth);
    }

    @Override
    protected String describe() {
        return "output " + outDepth + "x" + outHeight + "x" + outWidth;
    }
}
