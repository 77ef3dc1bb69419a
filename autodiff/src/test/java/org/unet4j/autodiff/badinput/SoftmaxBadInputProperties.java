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

/** Softmax and log-softmax: axes out of range, and logits of any finite magnitude. */
class SoftmaxBadInputProperties {

    @Property(tries = 20)
    void anAxisOutOfRangeIsRefused(@ForAll @IntRange(min = 2, max = 5) int axis, @ForAll boolean negative) {
        Tensor x = BadInput.zeros(DType.FLOAT32, 2, 3);
        int a = negative ? -axis - 1 : axis;
        assertRefused("softmax over axis " + a, () -> x.softmax(a), String.valueOf(a));
        assertRefused("logSoftmax over axis " + a, () -> x.logSoftmax(a), String.valueOf(a));
    }

    @Property(tries = 30)
    void logitsOfAnyFiniteMagnitudeGiveNoNaN(@ForAll("magnitudes") double scale, @ForAll long seed,
            @ForAll DType dtype, @ForAll @IntRange(min = 0, max = 1) int axis) {
        Tensor x = BadInput.uniform(seed, dtype, scale, 3, 4);
        assertNoNaN("softmax at scale " + scale, x.softmax(axis));
        assertNoNaN("logSoftmax at scale " + scale, x.logSoftmax(axis));
    }

    @Provide
    Arbitrary<Double> magnitudes() {
        return BadInput.extremeMagnitudes();
    }
}
