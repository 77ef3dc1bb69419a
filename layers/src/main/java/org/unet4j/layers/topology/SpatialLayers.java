package org.unet4j.layers.topology;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.unet4j.autodiff.Pooling;
import org.unet4j.autodiff.Tensor;
import org.unet4j.autodiff.Upsampling;
import org.unet4j.layers.Module;
import org.unet4j.layers.nn.AvgPool2d;
import org.unet4j.layers.nn.AvgPool3d;
import org.unet4j.layers.nn.BatchNorm3d;
import org.unet4j.layers.nn.Conv2d;
import org.unet4j.layers.nn.Conv3d;
import org.unet4j.layers.nn.ConvTranspose2d;
import org.unet4j.layers.nn.ConvTranspose3d;
import org.unet4j.layers.nn.InstanceNorm3d;
import org.unet4j.layers.nn.MaxPool2d;
import org.unet4j.layers.nn.MaxPool3d;
import org.unet4j.layers.nn.Upsample;

/**
 * The layers a U-Net of d spatial axes is built from, the one place that knows the dimensionality: k-wide
 * convolutions, normalisations, pooling, strided and transposed convolutions and fixed up-sampling by a factor f
 * along every axis, the internal layout the modules see and the centre crop of a skip.
 * <ul>
 *   <li>d = 1: inputs [N, C, W], run on the engine's 2-D layers as [N, C, 1, W]: 1 x k kernels, 1 x f windows.</li>
 *   <li>d = 2: inputs [N, C, H, W]; k x k kernels, f x f windows.</li>
 *   <li>d = 3: inputs [N, C, D, H, W]; k x k x k kernels, f x f x f windows, or per-axis factors
 *       (f_D, f_H, f_W) such as (1, 2, 2) for thick slices, wherever a method takes {@code int... factors}.</li>
 * </ul>
 */
public final class SpatialLayers {
    private static final SpatialLayers ONE = new SpatialLayers(1);
    private static final SpatialLayers TWO = new SpatialLayers(2);
    private static final SpatialLayers THREE = new SpatialLayers(3);

    private final int dims;

    private SpatialLayers(int dims) {
        this.dims = dims;
    }

    /** The layers for inputs with {@code d} spatial axes, d in 1, 2, 3. */
    public static SpatialLayers of(int d) {
        return switch (d) {
            case 1 -> ONE;
            case 2 -> TWO;
            case 3 -> THREE;
            default -> throw new IllegalArgumentException("spatialDims must be 1 (inputs [N, C, W]), 2 ([N, C, H, W])"
                    + " or 3 ([N, C, D, H, W]), got " + d);
        };
    }

    /** The number d of spatial axes. */
    public int dims() {
        return dims;
    }

    /** The names of the spatial axes, outermost first: "width"; "height", "width"; "depth", "height", "width". */
    public String[] axisNames() {
        return switch (dims) {
            case 1 -> new String[] {"width"};
            case 2 -> new String[] {"height", "width"};
            default -> new String[] {"depth", "height", "width"};
        };
    }

    /** The input layout in words, "[N, C, W]", "[N, C, H, W]" or "[N, C, D, H, W]". */
    public String layout() {
        return switch (dims) {
            case 1 -> "[N, C, W]";
            case 2 -> "[N, C, H, W]";
            default -> "[N, C, D, H, W]";
        };
    }

    /** The input in the layout the modules see: [N, C, 1, W] in 1-D, unchanged otherwise. */
    public Tensor toInternal(Tensor input) {
        return dims == 1 ? input.unsqueeze(2) : input;
    }

    /** The inverse of {@link #toInternal}. */
    public Tensor fromInternal(Tensor output) {
        return dims == 1 ? output.squeeze(2) : output;
    }

    /** A builder of a k-wide convolution from {@code in} to {@code out} channels: 1 x k, k x k or k x k x k. */
    public SpatialConvolution convolution(int in, int out, int kernel) {
        return new SpatialConvolution(dims, in, out, kernel);
    }

    /** The normalisation {@code norm} over {@code channels} channels in this layout (per-channel statistics). */
    public Module norm(Norm norm, int channels) {
        if (dims < 3) {
            return norm.create(channels);
        }
        return switch (norm) {
            case BATCH -> new BatchNorm3d(channels);
            case INSTANCE -> InstanceNorm3d.builder(channels).affine(true).build();
            case NONE, GROUP -> norm.create(channels);
        };
    }

    /**
     * The factors along each axis from {@code factors}: one value for every axis, or one per axis (outermost first);
     * each &gt;= 1 and one at least &gt;= 2. Factors that differ between axes need d = 3 (1-D has one axis; the 2-D
     * layers take one factor).
     */
    public int[] factorsPerAxis(int... factors) {
        if (factors.length == 1 && factors[0] >= 2) {
            int[] all = new int[dims];
            Arrays.fill(all, factors[0]);
            return all;
        }
        if (factors.length != dims || (dims < 3 && Arrays.stream(factors).distinct().count() > 1)) {
            throw new IllegalArgumentException("factors " + Arrays.toString(factors) + ": give one factor >= 2 for "
                    + "every axis" + (dims == 3 ? ", or one per axis (depth, height, width)" : " (per-axis factors "
                    + "need spatialDims(3))"));
        }
        if (Arrays.stream(factors).anyMatch(f -> f < 1) || Arrays.stream(factors).allMatch(f -> f < 2)) {
            throw new IllegalArgumentException("factors " + Arrays.toString(factors) + " must each be >= 1 and one "
                    + "at least >= 2");
        }
        return factors.clone();
    }

    /** Max pooling over windows of f along every axis (or f_a along axis a), stride = window. */
    public Module maxPool(int... factors) {
        int[] f = factorsPerAxis(factors);
        return switch (dims) {
            case 1 -> new WidthPooling(true, f[0]);
            case 2 -> new MaxPool2d(f[0]);
            default -> MaxPool3d.of(f[0], f[1], f[2]);
        };
    }

    /** Average pooling over windows of f along every axis (or f_a along axis a), stride = window. */
    public Module avgPool(int... factors) {
        int[] f = factorsPerAxis(factors);
        return switch (dims) {
            case 1 -> new WidthPooling(false, f[0]);
            case 2 -> new AvgPool2d(f[0]);
            default -> AvgPool3d.of(f[0], f[1], f[2]);
        };
    }

    /** A learnt convolution with kernel = stride = f along every axis, {@code in} to {@code out} channels. */
    public Module stridedConvolution(int in, int out, int factor, SplittableRandom rng) {
        return stridedConvolution(in, out, new int[] {factor}, rng);
    }

    /** A learnt convolution with kernel = stride = f_a along axis a ({@link #factorsPerAxis}). */
    public Module stridedConvolution(int in, int out, int[] factors, SplittableRandom rng) {
        int[] f = factorsPerAxis(factors);
        return switch (dims) {
            case 1 -> Conv2d.builder(in, out, 1, f[0]).stride(1, f[0]).build(rng);
            case 2 -> Conv2d.builder(in, out, f[0], f[1]).stride(f[0], f[1]).build(rng);
            default -> Conv3d.builder(in, out, f[0], f[1], f[2]).stride(f[0], f[1], f[2]).build(rng);
        };
    }

    /** A transposed convolution with kernel = stride = f along every axis, {@code in} to {@code out} channels. */
    public Module transposedConvolution(int in, int out, int factor, SplittableRandom rng) {
        return transposedConvolution(in, out, new int[] {factor}, rng);
    }

    /** A transposed convolution with kernel = stride = f_a along axis a ({@link #factorsPerAxis}). */
    public Module transposedConvolution(int in, int out, int[] factors, SplittableRandom rng) {
        int[] f = factorsPerAxis(factors);
        return switch (dims) {
            case 1 -> ConvTranspose2d.builder(in, out, 1, f[0]).stride(1, f[0]).build(rng);
            case 2 -> ConvTranspose2d.builder(in, out, f[0], f[1]).stride(f[0], f[1]).build(rng);
            default -> ConvTranspose3d.builder(in, out, f[0], f[1], f[2]).stride(f[0], f[1], f[2]).build(rng);
        };
    }

    /** Nearest-neighbour up-sampling by f along every axis (or f_a along axis a). */
    public Module nearest(int... factors) {
        int[] f = factorsPerAxis(factors);
        return switch (dims) {
            case 1 -> new WidthUpsampling(true, f[0]);
            case 2 -> Upsample.nearest(f[0]);
            default -> Upsample.nearest3d(f[0], f[1], f[2]);
        };
    }

    /** (Bi/tri)linear up-sampling by f along every axis (or f_a along axis a), PyTorch's half-pixel rule. */
    public Module linear(int... factors) {
        int[] f = factorsPerAxis(factors);
        return switch (dims) {
            case 1 -> new WidthUpsampling(false, f[0]);
            case 2 -> Upsample.bilinear(f[0], false);
            default -> Upsample.trilinear(f[0], f[1], f[2], false);
        };
    }

    /**
     * Max pooling with a window of k along every axis, stride 1 and k / 2 padding on each side (odd k), which keeps
     * the size: the pooling branch of an inception block. In 1-D the window is 1 x k.
     */
    public Tensor maxPoolKeepingSize(Tensor x, int k) {
        return switch (dims) {
            case 1 -> Pooling.maxPool2d(x, 1, k, 1, 1, 0, k / 2);
            case 2 -> Pooling.maxPool2d(x, k, k, 1, 1, k / 2, k / 2);
            default -> Pooling.maxPool3d(x, new int[] {k, k, k}, new int[] {1, 1, 1}, new int[] {k / 2, k / 2, k / 2});
        };
    }

    /** Adaptive average pooling to b cells along every axis (1 x b in 1-D): a bin of a pyramid pooling. */
    public Tensor adaptiveAvgPool(Tensor x, int bins) {
        return switch (dims) {
            case 1 -> Pooling.adaptiveAvgPool2d(x, 1, bins);
            case 2 -> Pooling.adaptiveAvgPool2d(x, bins, bins);
            default -> Pooling.adaptiveAvgPool3d(x, bins, bins, bins);
        };
    }

    /** {@code t} (bi/tri)linearly resized to the spatial size of {@code like}, corners not aligned. */
    public Tensor linearResizeTo(Tensor t, Tensor like) {
        return dims < 3 ? Upsampling.bilinear(t, like.dim(2), like.dim(3), false)
                : Upsampling.trilinearToSize(t, like.dim(2), like.dim(3), like.dim(4), false);
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

    /** A constant channel {@code [N, 1, spatial...]} of value {@code v} shaped like {@code x}, on x's device. */
    public Tensor constantChannel(Tensor x, double v) {
        int[] dims = x.dims();
        dims[1] = 1;
        return Tensor.full(x.dtype(), v, dims).to(x.device());
    }

    @Override
    public String toString() {
        return dims + "-D layers, inputs " + layout();
    }
}
