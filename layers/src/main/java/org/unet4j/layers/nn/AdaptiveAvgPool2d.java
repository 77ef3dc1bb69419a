package org.unet4j.layers.nn;

import org.unet4j.autodiff.Pooling;
import org.unet4j.autodiff.Tensor;
import org.unet4j.layers.Module;

/**
 * Average pooling of an NCHW batch to a fixed output size, whatever the input size: bin {@code i} of an axis of
 * size {@code H} pooled to {@code h} averages rows {@code [floor(i H / h), ceil((i + 1) H / h))}.
 * {@code new AdaptiveAvgPool2d(1, 1)} is global average pooling.
 */
public final class AdaptiveAvgPool2d extends Module {
    private final int outHeight;
    private final int outWidth;

    /** Pools to {@code outHeight x outWidth}. */
    public AdaptiveAvgPool2d(int outHeight, int outWidth) {
        if (outHeight < 1 || outWidth < 1) {
            throw new IllegalArgumentException("AdaptiveAvgPool2d: the output size must be at least 1x1, got "
                    + outHeight + "x" + outWidth);
        }
        this.outHeight = outHeight;
        this.outWidth = outWidth;
    }

    @Override
    public Tensor forward(Tensor input) {
        return Pooling.adaptiveAvgPool2d(input, outHeight, outWidth);
    }

    @Override
    protected String describe() {
        return "output " + outHeight + "x" + outWidth;
    }
}
