package org.unet4j.autodiff.badinput;

import static org.unet4j.autodiff.badinput.BadInput.assertRefused;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.unet4j.autodiff.DType;
import org.unet4j.autodiff.Tensor;

/** Matrix products: inner sizes that differ, batch axes that do not broadcast, rank 0, mixed devices. */
class MatmulBadInputProperties {

    @Property(tries = 30)
    void innerSizesThatDifferAreAShapeErrorNamingBoth(@ForAll @IntRange(min = 1, max = 4) int m,
            @ForAll @IntRange(min = 1, max = 4) int k, @ForAll @IntRange(min = 1, max = 3) int extra,
            @ForAll DType dtype) {
        Tensor a = BadInput.zeros(dtype, m, k);
        Tensor b = BadInput.zeros(dtype, k + extra, 2);
        assertRefused("matmul [" + m + ", " + k + "] @ [" + (k + extra) + ", 2]", () -> a.matmul(b),
                "[" + m + ", " + k + "]", "[" + (k + extra) + ", 2]");
    }

    @Property(tries = 20)
    void batchAxesThatDoNotBroadcastAreRefused(@ForAll @IntRange(min = 2, max = 4) int batch) {
        Tensor a = BadInput.zeros(DType.FLOAT64, batch, 2, 3);
        Tensor b = BadInput.zeros(DType.FLOAT64, batch + 1, 3, 2);
        assertRefused("batched matmul", () -> a.matmul(b), "matmul");
    }

    @Property(tries = 5)
    void scalarsAndOperandsOnTwoDevicesAreRefused(@ForAll DType dtype) {
        Tensor scalar = BadInput.zeros(dtype);
        Tensor matrix = BadInput.zeros(dtype, 2, 2);
        assertRefused("matmul of a scalar", () -> scalar.matmul(matrix), "matmul");
        assertRefused("matmul with a scalar", () -> matrix.matmul(scalar), "matmul");
        Tensor other = BadInput.onOther(dtype, 2, 2);
        assertRefused("matmul across devices", () -> matrix.matmul(other), "different devices");
    }
}
