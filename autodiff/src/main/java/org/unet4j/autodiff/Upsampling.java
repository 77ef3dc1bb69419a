package org.unet4j.autodiff;

/**
 * Upsampling (and resizing) of NCHW image batches, each forward beside its backward rule. Both interpolations are
 * linear in {@code x}, so each backward pass is the transposed map: every output's gradient flows back to the
 * inputs it read, with the weights it read them with.
 *
 * <pre>{@code
 * Tensor up = Upsampling.nearest(x, 2);                    // [N, C, H, W] -> [N, C, 2H, 2W]
 * Tensor r  = Upsampling.bilinear(x, 64, 48, false);        // resize like F.interpolate(..., align_corners=False)
 * }</pre>
 */
public final class Upsampling {
    private Upsampling() {
    }

    /** Nearest-neighbour upsampling by an integer factor along both axes. */
    public static Tensor nearest(Tensor x, int scale) {
        return nearest(x, scale, scale);
    }

    /** Nearest-neighbour upsampling by integer factors: {@code y[n, c, i, j] = x[n, c, i / scaleH, j / scaleW]}. */
    public static Tensor nearest(Tensor x, int scaleH, int scaleW) {
        ImageLayout.requireNchw("nearest", x);
        if (scaleH < 1 || scaleW < 1) {
            throw new IllegalArgumentException("nearest: scale " + scaleH + "x" + scaleW + " for input " + x.shape()
                    + " is invalid; scale factors must be integers >= 1");
        }
        return resizeNearest(x, x.dim(2) * scaleH, x.dim(3) * scaleW);
    }

    /**
     * Nearest-neighbour resizing to {@code outH x outW}: {@code y[n, c, i, j] = x[n, c, floor(i H / outH),
     * floor(j W / outW)]} (PyTorch's {@code mode='nearest'}, computed in exact integer arithmetic).
     */
    public static Tensor nearestToSize(Tensor x, int outH, int outW) {
        ImageLayout.requireNchw("nearestToSize", x);
        requireSize("nearestToSize", x, outH, outW);
        return resizeNearest(x, outH, outW);
    }

    private static Tensor resizeNearest(Tensor x, int outH, int outW) {
        Tensor out = x.device().backend().imaging().upsampleNearest(x, new int[] {outH, outW});
        Shape in = x.shape();
        return Autograd.record("upsample_nearest2d", out, g -> new Tensor[] {
                g.device().backend().imaging().upsampleNearestBackward(g.to(x.dtype()), in)}, x);
    }

    /** Bilinear upsampling by an integer factor along both axes. */
    public static Tensor bilinear(Tensor x, int scale, boolean alignCorners) {
        ImageLayout.requireNchw("bilinear", x);
        if (scale < 1) {
            throw new IllegalArgumentException("bilinear: scale " + scale + " for input " + x.shape() + " is invalid;"
                    + " the scale factor must be an integer >= 1");
        }
        return bilinear(x, x.dim(2) * scale, x.dim(3) * scale, alignCorners);
    }

    /**
     * Bilinear resizing to {@code outH x outW} with PyTorch's semantics. Along each axis (size {@code in} to
     * {@code out}) output {@code o} reads the source coordinate {@code src = o (in - 1) / (out - 1)} when
     * {@code alignCorners} (corner pixels' centres coincide), else {@code src = max(0, (o + 1/2) in / out - 1/2)}
     * (pixel areas coincide), and interpolates {@code (1 - t) x[i0] + t x[i1]} with {@code i0 = floor(src)},
     * {@code i1 = min(i0 + 1, in - 1)}, {@code t = src - i0}; the two axes combine as a tensor product.
     */
    public static Tensor bilinear(Tensor x, int outH, int outW, boolean alignCorners) {
        ImageLayout.requireNchw("bilinear", x);
        requireSize("bilinear", x, outH, outW);
        Tensor out = x.device().backend().imaging().upsampleLinear(x, new int[] {outH, outW}, alignCorners);
        Shape in = x.shape();
        return Autograd.record("upsample_bilinear2d", out, g -> new Tensor[] {
                g.device().backend().imaging().upsampleLinearBackward(g.to(x.dtype()), in, alignCorners)}, x);
    }

    private static void requireSize(String op, Tensor x, int outH, int outW) {
        if (outH < 1 || outW < 1) {
            throw new IllegalArgumentException(op + ": output size " + outH + "x" + outW + " for input " + x.shape()
                    + " is invalid; output sizes must be >= 1");
        }
    }
}
