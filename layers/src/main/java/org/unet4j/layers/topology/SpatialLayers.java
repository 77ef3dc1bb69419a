package org.unet4j.layers.topology;

import java.util.SplittableRandom;
import org.unet4j.autodiff.Tensor;
import org.unet4j.layers.Module;
import org.unet4j.layers.nn.AvgPool2d;
import org.unet4j.layers.nn.Conv2d;
import org.unet4j.layers.nn.ConvTranspose2d;
import org.unet4j.layers.nn.MaxPool2d;
import org.unet4j.layers.nn.Upsample;

/**
 * The layers a U-Net of d spatial axes is built from, the one place that knows the dimensionality: k-wide
 * convolutions, normalisations, pooling, strided and transposed convolutions and fixed up-sampling by a factor f
 * along every axis, the internal layout the modules see and the centre crop of a skip.
 * <ul>
 *   <li>d = 2: inputs [N, C, H, W]; k x k kernels, f x f windows.</li>
 *   <li>d = 1: inputs [N, C, W], run on the engine's 2-D layers as [N, C, 1, W]: 1 x k kernels, 1 x f windows.</li>
 *   <li>d = 3 ([N, C, D, H, W]) plugs in here once the 3-D layers exist: {@link #of(int)} names what is missing.</li>
 * </ul>
 */
public final class SpatialLayers {
    private static final SpatialLayers ONE = new SpatialLayers(1);
    private static final SpatialLayers TWO = new SpatialLayers(2);

    private final int dims;

    private SpatialLayers(int dims) {
        this.dims = dims;
    }

    /** The layers for inputs with {@code d} spatial axes; fails for d other than 1 or 2, naming what is missing. */
    public static SpatialLayers of(int d) {
        return switch (d) {
            case 1 -> ONE;
            case 2 -> TWO;
            case 3 -> throw new IllegalArgumentException("spatialDims(3) needs the 3-D layers Conv3d, MaxPool3d, "
                    + "AvgPool3d, ConvTranspose3d, BatchNorm3d and a 3-D Upsample in org.unet4j.layers.nn, which this "
                    + "build does not have yet; use spatialDims 1 ([N, C, W]) or 2 ([N, C, H, W])");
            default -> throw new IllegalArgumentException("spatialDims must be 1 (inputs [N, C, W]) or 2 (inputs "
                    + "[N, C, H, W]), got " + d);
        };
    }

    /** The number d of spatial axes. */
    public int dims() {
        return dims;
    }

    /** The names of the spatial axes, outermost first: "width" in 1-D, "height", "width" in 2-D. */
    public String[] axisNames() {
        return dims == 1 ? new String[] {"width"} : new String[] {"height", "width"};
    }

    /** The input layout in words, "[N, C, W]" or "[N, C, H, W]". */
    public String layout() {
        return dims == 1 ? "[N, C, W]" : "[N, C, H, W]";
    }

    /** The input in the layout the modules see: [N, C, 1, W] in 1-D, unchanged otherwise. */
    public Tensor toInternal(Tensor input) {
        return dims == 1 ? input.unsqueeze(2) : input;
    }

    /** The inverse of {@link #toInternal}. */
    public Tensor fromInternal(Tensor output) {
        return dims == 1 ? output.squeeze(2) : output;
    }

    /** A builder of a k-wide convolution from {@code in} to {@code out} channels: k x k, or 1 x k in 1-D. */
    public Conv2d.Builder convolution(int in, int out, int kernel) {
        return Conv2d.builder(in, out, dims == 1 ? 1 : kernel, kernel);
    }

    /** The normalisation {@code norm} over {@code channels} channels in this layout (per-axis statistics). */
    public Module norm(Norm norm, int channels) {
        return norm.create(channels);
    }

    /** Max pooling over windows of f along every axis, stride f. */
    public Module maxPool(int factor) {
        return dims == 1 ? new WidthPooling(true, factor) : new MaxPool2d(factor);
    }

    /** Average pooling over windows of f along every axis, stride f. */
    public Module avgPool(int factor) {
        return dims == 1 ? new WidthPooling(false, factor) : new AvgPool2d(factor);
    }

    /** A learnt convolution with kernel = stride = f along every axis, {@code in} to {@code out} channels. */
    public Conv2d stridedConvolution(int in, int out, int factor, SplittableRandom rng) {
        return Conv2d.builder(in, out, dims == 1 ? 1 : factor, factor).stride(dims == 1 ? 1 : factor, factor)
                .build(rng);
    }

    /** A transposed convolution with kernel = stride = f along every axis, {@code in} to {@code out} channels. */
    public ConvTranspose2d transposedConvolution(int in, int out, int factor, SplittableRandom rng) {
        return ConvTranspose2d.builder(in, out, dims == 1 ? 1 : factor, factor).stride(dims == 1 ? 1 : factor, factor)
                .build(rng);
    }

    /** Nearest-neighbour up-sampling by f along every axis. */
    public Module nearest(int factor) {
        return dims == 1 ? new WidthUpsampling(true, factor) : Upsample.nearest(factor);
    }

    /** (Bi)linear up-sampling by f along every axis, corners not aligned (PyTorch's half-pixel rule). */
    public Module linear(int factor) {
        return dims == 1 ? new WidthUpsampling(false, factor) : Upsample.bilinear(factor, false);
    }

    /** {@code t} centre-cropped to the spatial size of {@code like} (itself when the sizes agree). */
    public Tensor cropTo(Tensor t, Tensor like) {
        int rank = t.rank();
        boolean same = true;
        int[] size = new int[rank - 2];
        for (int a = 2; a < rank; a++) {
            size[a - 2] = like.dim(a);
            same &= t.dim(a) == like.dim(a);
        }
        return same ? t : t.centerCrop(size);
    }

    @Override
    public String toString() {
        return dims + "-D layers, inputs " + layout();
    }
}
