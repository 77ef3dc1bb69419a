package org.unet4j.autodiff.badinput;

import static org.unet4j.autodiff.badinput.BadInput.assertRefused;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.unet4j.autodiff.DType;
import org.unet4j.autodiff.Tensor;
import org.unet4j.autodiff.Upsampling;

/** Upsampling: scales and sizes that are not positive, inputs that are not N x C x H x W. */
class UpsamplingBadInputProperties {

    @Property(tries = 20)
    void scalesAndSizesThatAreNotPositiveAreRefused(@ForAll @IntRange(min = -2, max = 0) int bad,
            @ForAll boolean alignCorners) {
        Tensor x = BadInput.zeros(DType.FLOAT32, 1, 1, 3, 3);
        assertRefused("nearest scale " + bad, () -> Upsampling.nearest(x, bad), "nearest");
        assertRefused("nearest scales", () -> Upsampling.nearest(x, 2, bad), "nearest");
        assertRefused("nearestToSize " + bad, () -> Upsampling.nearestToSize(x, bad, 3), "nearest");
        assertRefused("bilinear scale " + bad, () -> Upsampling.bilinear(x, bad, alignCorners), "bilinear");
        assertRefused("bilinear size " + bad, () -> Upsampling.bilinear(x, 3, bad, alignCorners), "bilinear");
    }

    @Property(tries = 10)
    void inputsThatAreNotFourDimensionalAreRefused(@ForAll @IntRange(min = 0, max = 5) int rank) {
        if (rank == 4) {
            return;
        }
        int[] dims = new int[rank];
        java.util.Arrays.fill(dims, 2);
        Tensor x = BadInput.zeros(DType.FLOAT32, dims);
        assertRefused("nearest of rank " + rank, () -> Upsampling.nearest(x, 2), "nearest");
        assertRefused("bilinear of rank " + rank, () -> Upsampling.bilinear(x, 2, false), "bilinear");
    }
}
