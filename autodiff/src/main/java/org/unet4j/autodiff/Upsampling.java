package org.unet4j.autodiff;

/**
 * Upsampling (and resizing) of NCHW image batches and NCDHW volume batches, each forward beside its backward rule.
 * Both interpolations are linear in {@code x}, so each backward pass is the transposed map: every output's gradient
 * flows back to the inputs it read, with the weights it read them with.
 *
 * <pre>{@code
 * Tensor up = Upsampling.nearest(x, 2);                    // [N, C, H, W] -> [N, C, 2H, 2W]
 * Tensor r  = Upsampling.bilinear(x, 64, 48, false);        // resize like F.interpolate(..., align_corners=False)
 * Tensor v  = Upsampling.trilinear(vol, 1, 2, 2, false);    // [N, C, D, H, W] -> [N, C, D, 2H, 2W]
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

    /**
     * Nearest-neighbour upsampling of an NCDHW batch by integer factors per axis (anisotropic factors such as
     * {@code (1, 2, 2)} included): {@code y[n, c, i, j, l] = x[n, c, i / scaleD, j / scaleH, l / scaleW]}.
     */
    public static Tensor nearest3d(Tensor x, int scaleD, int scaleH, int scaleW) {
        ImageLayout.requireNcdhw("nearest3d", x);
        requireScale("nearest3d", x, scaleD, scaleH, scaleW);
        return nearest3dToSize(x, x.dim(2) * scaleD, x.dim(3) * scaleH, x.dim(4) * scaleW);
    }

    /**
     * Nearest-neighbour resizing of an NCDHW batch to {@code outD x outH x outW}: along each axis output {@code o}
     * copies input {@code floor(o in / out)} (PyTorch's {@code mode='nearest'}, exact integer arithmetic).
     */
    public static Tensor nearest3dToSize(Tensor x, int outD, int outH, int outW) {
        ImageLayout.requireNcdhw("nearest3dToSize", x);
        requireVolumeSize("nearest3dToSize", x, outD, outH, outW);
        Tensor out = x.device().backend().imaging().upsampleNearest(x, new int[] {outD, outH, outW});
        Shape in = x.shape();
        return Autograd.record("upsample_nearest3d", out, g -> new Tensor[] {
                g.device().backend().imaging().upsampleNearestBackward(g.to(x.dtype()), in)}, x);
    }

    /** Trilinear upsampling of an NCDHW batch by integer factors per axis. */
    public static Tensor trilinear(Tensor x, int scaleD, int scaleH, int scaleW, boolean alignCorners) {
        ImageLayout.requireNcdhw("trilinear", x);
        requireScale("trilinear", x, scaleD, scaleH, scaleW);
        return trilinearToSize(x, x.dim(2) * scaleD, x.dim(3) * scaleH, x.dim(4) * scaleW, alignCorners);
    }

    /**
     * Trilinear resizing of an NCDHW batch to {@code outD x outH x outW} with PyTorch's semantics: along each axis
     * the source coordinate and weights of {@link #bilinear(Tensor, int, int, boolean)}, the three axes combined as
     * a tensor product ({@code F.interpolate(..., mode='trilinear', align_corners=...)}).
     */
    public static Tensor trilinearToSize(Tensor x, int outD, int outH, int outW, boolean alignCorners) {
        ImageLayout.requireNcdhw("trilinearToSize", x);
        requireVolumeSize("trilinearToSize", x, outD, outH, outW);
        Tensor out = x.device().backend().imaging().upsampleLinear(x, new int[] {outD, outH, outW}, alignCorners);
        Shape in = x.shape();
        return Autograd.record("upsample_trilinear3d", out, g -> new Tensor[] {
                g.device().backend().imaging().upsampleLinearBackward(g.to(x.dtype()), in, alignCorners)}, x);
    }

    private static void requireScale(String op, Tensor x, int scaleD, int scaleH, int scaleW) {
        if (scaleD < 1 || scaleH < 1 || scaleW < 1) {
            throw new IllegalArgumentException(op + ": scale " + scaleD + "x" + scaleH + "x" + scaleW + " for input "
                    + x.shape() + " is invalid; scale factors must be integers >= 1");
        }
    }

    private static void requireVolumeSize(String op, Tensor x, int outD, int outH, int outW) {
        if (outD < 1 || outH < 1 || outW < 1) {
            throw new IllegalArgumentException(op + ": output size " + outD + "x" + outH + "x" + outW + " for input "
                    + x.shape() + " is invalid; output sizes must be >= 1");
        }
    }

    private static void requireSize(String op, Tensor x, int outH, int outW) {
        if (outH < 1 || outW < 1) {
            throw new IllegalArgumentException(op + ": output size " + outH + "x" + outW + " for input " + x.shape()
                    + " is invalid; output sizes must be >= 1");
        }
    }
}
