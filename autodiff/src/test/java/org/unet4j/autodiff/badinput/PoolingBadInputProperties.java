package org.unet4j.autodiff.badinput;

import static org.unet4j.autodiff.badinput.BadInput.assertNoNaN;
import static org.unet4j.autodiff.badinput.BadInput.assertRefused;

import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.unet4j.autodiff.DType;
import org.unet4j.autodiff.Pooling;
import org.unet4j.autodiff.Tensor;

/** Pooling: kernels and strides that are not positive or do not fit, inputs that are not N x C x H x W. */
class PoolingBadInputProperties {

    @Property(tries = 30)
    void kernelsAndStridesThatAreNotPositiveAreRefused(@ForAll @IntRange(min = -2, max = 0) int bad) {
        Tensor x = BadInput.zeros(DType.FLOAT32, 1, 1, 4, 4);
        assertRefused("maxPool2d kernel " + bad, () -> Pooling.maxPool2d(x, bad), "maxPool2d");
        assertRefused("avgPool2d kernel " + bad, () -> Pooling.avgPool2d(x, bad), "avgPool2d");
        assertRefused("maxPool2d stride " + bad, () -> Pooling.maxPool2d(x, 2, 2, bad, 1), "maxPool2d");
        assertRefused("avgPool2d stride " + bad, () -> Pooling.avgPool2d(x, 2, 2, 1, bad), "avgPool2d");
        assertRefused("adaptiveAvgPool2d to " + bad, () -> Pooling.adaptiveAvgPool2d(x, bad, 2),
                "adaptiveAvgPool2d");
    }

    @Property(tries = 20)
    void aKernelLargerThanTheInputIsRefused(@ForAll @IntRange(min = 1, max = 4) int size,
            @ForAll @IntRange(min = 1, max = 3) int extra) {
        Tensor x = BadInput.zeros(DType.FLOAT32, 1, 2, size, size);
        assertRefused("maxPool2d kernel " + (size + extra) + " on " + size, () -> Pooling.maxPool2d(x, size + extra),
                "maxPool2d");
        assertRefused("avgPool2d kernel " + (size + extra) + " on " + size, () -> Pooling.avgPool2d(x, size + extra),
                "avgPool2d");
    }

    @Property(tries = 10)
    void inputsThatAreNotFourDimensionalAreRefused(@ForAll @IntRange(min = 0, max = 5) int rank) {
        if (rank == 4) {
            return;
        }
        int[] dims = new int[rank];
        java.util.Arrays.fill(dims, 2);
        Tensor x = BadInput.zeros(DType.FLOAT32, dims);
        assertRefused("maxPool2d of rank " + rank, () -> Pooling.maxPool2d(x, 1), "maxPool2d");
        assertRefused("avgPool2d of rank " + rank, () -> Pooling.avgPool2d(x, 1), "avgPool2d");
        assertRefused("adaptiveAvgPool2d of rank " + rank, () -> Pooling.adaptiveAvgPool2d(x, 1, 1),
                "adaptiveAvgPool2d");
    }

    @Property(tries = 20)
    void finiteInputOfAnyMagnitudeGivesNoNaN(@ForAll("magnitudes") double scale, @ForAll long seed,
            @ForAll DType dtype) {
        Tensor x = BadInput.uniform(seed, dtype, scale, 1, 2, 4, 4);
        assertNoNaN("maxPool2d", Pooling.maxPool2d(x, 2));
        assertNoNaN("avgPool2d", Pooling.avgPool2d(x, 2));
        assertNoNaN("adaptiveAvgPool2d", Pooling.adaptiveAvgPool2d(x, 3, 3));
    }

    @Provide
    Arbitrary<Double> magnitudes() {
        return BadInput.extremeMagnitudes();
    }
}
