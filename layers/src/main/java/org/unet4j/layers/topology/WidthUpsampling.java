package org.unet4j.layers.topology;

import org.unet4j.autodiff.Tensor;
import org.unet4j.autodiff.Upsampling;
import org.unet4j.layers.Module;

/**
 * The fixed up-sampling of a 1-D U-Net on its internal layout {@code [N, C, 1, W]}, by f along the width only:
 * nearest, {@code y[j] = x[floor(j / f)]}, or linear with PyTorch's half-pixel rule ({@link Upsampling#bilinear}
 * with the height kept at 1, which leaves it untouched).
 */
final class WidthUpsampling extends Module {
    private final boolean nearest;
    private final int factor;

    /** Nearest ({@code nearest}) or linear up-sampling by {@code factor} along the width. */
    WidthUpsampling(boolean nearest, int factor) {
        this.nearest = nearest;
        this.factor = factor;
    }

    @Override
    public Tensor forward(Tensor input) {
        return nearest ? Upsampling.nearest(input, 1, factor)
                : Upsampling.bilinear(input, 1, input.dim(3) * factor, false);
    }

    @Override
    protected String describe() {
        return (nearest ? "nearest" : "linear") + ", scale 1x" + factor;
    }
}
