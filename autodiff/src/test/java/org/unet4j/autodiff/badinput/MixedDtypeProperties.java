package org.unet4j.autodiff.badinput;

import static org.unet4j.autodiff.badinput.BadInput.assertNoAccident;

import java.util.List;
import java.util.function.Supplier;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.unet4j.autodiff.Conv2dOptions;
import org.unet4j.autodiff.Convolution;
import org.unet4j.autodiff.DType;
import org.unet4j.autodiff.Losses;
import org.unet4j.autodiff.Normalization;
import org.unet4j.autodiff.Tensor;

/**
 * Every op family with float32 and float64 operands mixed, forward and backward: mixed dtypes promote or are refused
 * by name, never fail by accident (a float[] read as a double[] would be a ClassCastException).
 */
class MixedDtypeProperties {

    private static Tensor leaf(long seed, DType dtype, int... dims) {
        return BadInput.uniform(seed, dtype, 1, dims).requiresGrad(true);
    }

    private static void forwardAndBackward(String what, Supplier<Tensor> op) {
        assertNoAccident(what, () -> {
            Tensor out = op.get();
            if (out.requiresGrad()) {
                out.sum().backward();
            }
        });
    }

    @Property(tries = 10)
    void everyFamilyPromotesMixedDtypesForwardAndBackward(@ForAll long seed, @ForAll boolean firstIsFloat32) {
        DType p = firstIsFloat32 ? DType.FLOAT32 : DType.FLOAT64;
        DType q = firstIsFloat32 ? DType.FLOAT64 : DType.FLOAT32;
        forwardAndBackward("add", () -> leaf(seed, p, 2, 3).add(leaf(seed + 1, q, 3)));
        forwardAndBackward("pow", () -> leaf(seed, p, 2, 3).abs().add(0.5).pow(leaf(seed + 1, q, 2, 1)));
        forwardAndBackward("maximum", () -> leaf(seed, p, 2, 3).maximum(leaf(seed + 1, q, 2, 3)));
        forwardAndBackward("where", () -> Tensor.where(leaf(seed, q, 3).gt(0), leaf(seed, p, 2, 3),
                leaf(seed + 1, q, 2, 3)));
        forwardAndBackward("ge", () -> leaf(seed, p, 2, 3).ge(leaf(seed + 1, q, 2, 3)));
        forwardAndBackward("matmul", () -> leaf(seed, p, 2, 3).matmul(leaf(seed + 1, q, 3, 4)));
        forwardAndBackward("concat", () -> Tensor.concat(List.of(leaf(seed, p, 2, 3), leaf(seed + 1, q, 2, 3)), 0));
        forwardAndBackward("stack", () -> Tensor.stack(List.of(leaf(seed, p, 2, 3), leaf(seed + 1, q, 2, 3)), 1));
        forwardAndBackward("copyFrom", () -> BadInput.zeros(p, 2, 3).copyFrom(leaf(seed, q, 2, 3)));
        forwardAndBackward("conv2d", () -> Convolution.conv2d(leaf(seed, p, 1, 2, 4, 4), leaf(seed + 1, q, 3, 2, 3,
                3), leaf(seed + 2, p, 3), Conv2dOptions.defaults().padding(1)));
        forwardAndBackward("convTranspose2d", () -> Convolution.convTranspose2d(leaf(seed, p, 1, 2, 4, 4),
                leaf(seed + 1, q, 2, 3, 2, 2), leaf(seed + 2, q, 3), Conv2dOptions.defaults().stride(2)));
        forwardAndBackward("batchNorm", () -> Normalization.batchNorm(leaf(seed, p, 2, 2, 3, 3),
                leaf(seed + 1, q, 2), leaf(seed + 2, p, 2), BadInput.zeros(q, 2), BadInput.zeros(q, 2).add(1), true,
                0.1, 1e-5));
        forwardAndBackward("groupNorm", () -> Normalization.groupNorm(leaf(seed, p, 2, 4, 3, 3), 2,
                leaf(seed + 1, q, 4), leaf(seed + 2, q, 4), 1e-5));
        forwardAndBackward("bceWithLogits", () -> Losses.bceWithLogits(leaf(seed, p, 2, 1, 3, 3),
                leaf(seed + 1, q, 2, 1, 3, 3).gt(0)));
        forwardAndBackward("dice", () -> Losses.dice(leaf(seed, p, 2, 1, 3, 3).sigmoid(),
                leaf(seed + 1, q, 2, 1, 3, 3).gt(0)));
        forwardAndBackward("softCrossEntropy", () -> Losses.softCrossEntropy(leaf(seed, p, 2, 3, 2),
                leaf(seed + 1, q, 2, 3, 2).softmax(1)));
        forwardAndBackward("crossEntropy", () -> Losses.crossEntropy(leaf(seed, p, 2, 3, 2), BadInput.zeros(q, 2, 2)));
    }
}
