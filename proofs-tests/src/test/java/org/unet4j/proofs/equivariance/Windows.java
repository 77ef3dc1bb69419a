package org.unet4j.proofs.equivariance;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.unet4j.autodiff.Autograd;
import org.unet4j.autodiff.DType;
import org.unet4j.autodiff.NoGrad;
import org.unet4j.autodiff.Tensor;
import org.unet4j.layers.Module;

/**
 * Shifted views of one large image, signal or volume, in d = 1 ([1, C, S]), d = 2 ([1, C, S, S]) or d = 3
 * ([1, C, S_1, S_2, S_3]) spatial dimensions: the window of side S at offset o in N^d is the image shifted by -o and
 * cropped, T_{-o} I restricted to [0, S)^d (a box of sides S_a in 3-D).
 * Comparing network outputs on two windows compares the network on an image and its shift, on the pixels both
 * windows see. Offsets and shifts are int arrays with one entry per spatial axis.
 */
final class Windows {
    private Windows() {
    }

    /** A [1, 1, size] (d = 1) or [1, 1, size, size] (d = 2) float64 image of N(0, 1) pixels. */
    static Tensor randomImage(long seed, int size, int d) {
        return Tensor.randn(new SplittableRandom(seed), DType.FLOAT64, dims(1, size, d));
    }

    /** A [1, 1, S_1, ..., S_d] float64 image of N(0, 1) voxels, {@code sides} = (S_1, ..., S_d). */
    static Tensor randomImage(long seed, int[] sides) {
        return Tensor.randn(new SplittableRandom(seed), DType.FLOAT64, dims(1, sides));
    }

    /** [batch, channels, side, ..., side] with d sides. */
    static int[] dims(int channels, int side, int d) {
        int[] dims = new int[2 + d];
        Arrays.fill(dims, side);
        dims[0] = 1;
        dims[1] = channels;
        return dims;
    }

    /** [1, channels, S_1, ..., S_d]. */
    static int[] dims(int channels, int[] sides) {
        int[] dims = new int[2 + sides.length];
        System.arraycopy(sides, 0, dims, 2, sides.length);
        dims[0] = 1;
        dims[1] = channels;
        return dims;
    }

    /** The first d entries of (a, b): a shift or offset along the d spatial axes. */
    static int[] offset(int d, int a, int b) {
        return Arrays.copyOf(new int[] {a, b}, d);
    }

    /** The window of {@code image} of side {@code side} along every spatial axis at {@code offset}. */
    static Tensor window(Tensor image, int[] offset, int side) {
        int[] sides = new int[offset.length];
        Arrays.fill(sides, side);
        return window(image, offset, sides);
    }

    /** The window of {@code image} of side {@code sides[a]} along spatial axis a at {@code offset}. */
    static Tensor window(Tensor image, int[] offset, int[] sides) {
        int[] start = new int[image.rank()];
        System.arraycopy(offset, 0, start, 2, offset.length);
        return image.crop(start, dims(image.dim(1), sides));
    }

    /** The network's output on a window, without gradients. */
    static Tensor run(Module net, Tensor input) {
        try (NoGrad scope = Autograd.noGrad()) {
            return net.forward(input);
        }
    }

    /**
     * max |a(p) - b(p + s)| over the output pixels p where both are defined: a is the output on the input shifted by
     * s &gt;= 0, b the output on the unshifted input; 0 means U(T_s I) = T_s U(I) on the overlap.
     */
    static double shiftMismatch(Tensor shifted, Tensor base, int[] shift) {
        int[] sizes = base.dims();
        int[] start = new int[base.rank()];
        for (int a = 0; a < shift.length; a++) {
            sizes[2 + a] -= shift[a];
            start[2 + a] = shift[a];
            if (sizes[2 + a] < 1) {
                throw new IllegalArgumentException("no overlap: output " + base.shape() + ", shift "
                        + Arrays.toString(shift));
            }
        }
        Tensor a = shifted.crop(new int[base.rank()], sizes);
        Tensor b = base.crop(start, sizes);
        return a.sub(b).abs().max().item();
    }

    /** max |a| over all entries, at least 1 (the scale of a relative tolerance). */
    static double scale(Tensor a) {
        return Math.max(1, a.abs().max().item());
    }
}
