package org.unet4j.layers.topology;

import org.unet4j.autodiff.Pooling;
import org.unet4j.autodiff.Tensor;
import org.unet4j.layers.Module;

/**
 * The down-sampling of a 1-D U-Net on its internal layout {@code [N, C, 1, W]}: max or average pooling over
 * windows of 1 x f with stride f, {@code y[j] = max (or mean) of x[f j .. f j + f - 1]}.
 */
final class WidthPooling extends Module {
    private final boolean max;
    private final int factor;

    /** Max pooling ({@code max}) or average pooling by {@code factor} along the width. */
    WidthPooling(boolean max, int factor) {
        this.max = max;
        this.factor = factor;
    }

    @Override
    public Tensor forward(Tensor input) {
        return max ? Pooling.maxPool2d(input, 1, factor, 1, factor) : Pooling.avgPool2d(input, 1, factor, 1, factor);
    }

    @Override
    protected String describe() {
        return (max ? "max" : "average") + ", kernel 1x" + factor;
    }
}
