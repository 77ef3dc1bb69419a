package org.unet4j.proofs.equivariance;

import java.util.SplittableRandom;
import org.unet4j.autodiff.Autograd;
import org.unet4j.autodiff.DType;
import org.unet4j.autodiff.NoGrad;
import org.unet4j.autodiff.Tensor;
import org.unet4j.layers.Module;

/**
 * Shifted views of one large image: the window of side S at offset (y, x) is the image shifted by -(y, x) and
 * cropped, T_{-(y,x)} I restricted to [0, S)^2. Comparing network outputs on two windows compares the network on an
 * image and its shift, on the pixels both windows see.
 */
final class Windows {
    private Windows() {
    }

    /** A [1, 1, size, size] float64 image of N(0, 1) pixels. */
    static Tensor randomImage(long seed, int size) {
        return Tensor.randn(new SplittableRandom(seed), DType.FLOAT64, 1, 1, size, size);
    }

    /** The square window of {@code image} of side {@code side} at offset (y, x). */
    static Tensor window(Tensor image, int y, int x, int side) {
        return image.crop(new int[] {0, 0, y, x}, new int[] {1, image.dim(1), side, side});
    }

    /** The network's output on a window, without gradients. */
    static Tensor run(Module net, Tensor input) {
        try (NoGrad scope = Autograd.noGrad()) {
            return net.forward(input);
        }
    }

    /**
     * max |a(p) - b(p + s)| over the output pixels p where both are defined: a is the output on the input shifted by
     * s = (sy, sx) &gt;= 0, b the output on the unshifted input; 0 means U(T_s I) = T_s U(I) on the overlap.
     */
    static double shiftMismatch(Tensor shifted, Tensor base, int sy, int sx) {
        int c = base.dim(1);
        int h = base.dim(2) - sy;
        int w = base.dim(3) - sx;
        if (h < 1 || w < 1) {
            throw new IllegalArgumentException("no overlap: output " + base.shape() + ", shift (" + sy + ", " + sx
                    + ")");
        }
        Tensor a = shifted.crop(new int[] {0, 0, 0, 0}, new int[] {1, c, h, w});
        Tensor b = base.crop(new int[] {0, 0, sy, sx}, new int[] {1, c, h, w});
        return a.sub(b).abs().max().item();
    }

    /** max |a| over all entries, at least 1 (the scale of a relative tolerance). */
    static double scale(Tensor a) {
        return Math.max(1, a.abs().max().item());
    }
}
