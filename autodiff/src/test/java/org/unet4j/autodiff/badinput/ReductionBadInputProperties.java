package org.unet4j.autodiff.badinput;

import static org.unet4j.autodiff.badinput.BadInput.assertNoNaN;
import static org.unet4j.autodiff.badinput.BadInput.assertRefused;

import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.unet4j.autodiff.DType;
import org.unet4j.autodiff.Tensor;

/** Reductions: axes out of range or repeated, empty tensors, too few values for a variance, extreme values. */
class ReductionBadInputProperties {

    @Property(tries = 30)
    void anAxisOutOfRangeIsRefusedNamingIt(@ForAll @IntRange(min = 1, max = 4) int rank,
            @ForAll @IntRange(min = 0, max = 3) int beyond, @ForAll boolean negative) {
        int[] dims = new int[rank];
        java.util.Arrays.fill(dims, 2);
        Tensor x = BadInput.zeros(DType.FLOAT64, dims);
        int axis = negative ? -rank - 1 - beyond : rank + beyond;
        assertRefused("sum over axis " + axis, () -> x.sum(axis, false), String.valueOf(axis));
        assertRefused("mean over axis " + axis, () -> x.mean(new int[] {axis}, true), String.valueOf(axis));
        assertRefused("max over axis " + axis, () -> x.max(new int[] {axis}, true), String.valueOf(axis));
        assertRefused("var over axis " + axis, () -> x.var(new int[] {axis}, false, true), String.valueOf(axis));
    }

    @Property(tries = 10)
    void aRepeatedAxisIsRefused(@ForAll @IntRange(min = 0, max = 2) int axis) {
        Tensor x = BadInput.zeros(DType.FLOAT64, 2, 3, 4);
        assertRefused("sum over a repeated axis", () -> x.sum(new int[] {axis, axis}, false));
    }

    @Property(tries = 10)
    void theMaximumOfNothingIsRefused(@ForAll @IntRange(min = 1, max = 3) int n, @ForAll DType dtype) {
        Tensor empty = BadInput.zeros(dtype, n, 0);
        assertRefused("max of an empty tensor", empty::max, "max");
        assertRefused("max over an empty axis", () -> empty.max(new int[] {1}, false), "max");
    }

    @Property(tries = 10)
    void anUnbiasedVarianceOfOneValueIsRefused(@ForAll @IntRange(min = 1, max = 3) int n, @ForAll DType dtype) {
        Tensor x = BadInput.zeros(dtype, n, 1);
        assertRefused("unbiased var of one value per row", () -> x.var(new int[] {1}, false, true), "var");
    }

    @Property(tries = 30)
    void finiteInputOfAnyMagnitudeGivesNoNaN(@ForAll("magnitudes") double scale, @ForAll long seed,
            @ForAll DType dtype) {
        Tensor x = BadInput.uniform(seed, dtype, scale, 3, 4);
        assertNoNaN("sum", x.sum(1, false));
        assertNoNaN("mean", x.mean());
        assertNoNaN("max", x.max(new int[] {0}, false));
        assertNoNaN("var", x.var(new int[] {1}, false, true));
    }

    @Provide
    Arbitrary<Double> magnitudes() {
        return BadInput.extremeMagnitudes();
    }
}
