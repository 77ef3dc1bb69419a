package org.unet4j.autodiff.badinput;

import static org.unet4j.autodiff.badinput.BadInput.assertNoAccident;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.unet4j.autodiff.Conv2dOptions;
import org.unet4j.autodiff.Convolution;
import org.unet4j.autodiff.DType;
import org.unet4j.autodiff.Losses;
import org.unet4j.autodiff.Normalization;
import org.unet4j.autodiff.Pooling;
import org.unet4j.autodiff.Tensor;
import org.unet4j.autodiff.Upsampling;

/**
 * Every op family on tensors with an axis of size 0 (an empty batch, no channels, an empty image): each op either
 * returns or refuses with a named error, never fails by accident.
 */
class EmptyTensorProperties {

    @Property(tries = 40)
    void everyOpFamilyCopesWithAnEmptyAxis(@ForAll @IntRange(min = 0, max = 3) int emptyAxis, @ForAll DType dtype,
            @ForAll @IntRange(min = 1, max = 3) int size) {
        int[] dims = {size, size, size + 1, size + 1};
        dims[emptyAxis] = 0;
        Tensor x = BadInput.zeros(dtype, dims);
        String shape = java.util.Arrays.toString(dims);
        assertNoAccident("add " + shape, () -> x.add(x));
        assertNoAccident("where " + shape, () -> Tensor.where(x.gt(0), x, x));
        assertNoAccident("sum " + shape, () -> x.sum(emptyAxis, false));
        assertNoAccident("mean " + shape, () -> x.mean(new int[] {emptyAxis}, true));
        assertNoAccident("max " + shape, () -> x.max(new int[] {emptyAxis}, false));
        assertNoAccident("max of all " + shape, x::max);
        assertNoAccident("var " + shape, () -> x.var(new int[] {emptyAxis}, false, true));
        assertNoAccident("matmul " + shape, () -> x.matmul(x.transpose(2, 3)));
        assertNoAccident("softmax " + shape, () -> x.softmax(emptyAxis));
        assertNoAccident("logSoftmax " + shape, () -> x.logSoftmax(1));
        assertNoAccident("reshape " + shape, () -> x.reshape(-1));
        assertNoAccident("reshape " + shape + " to -1, 0", () -> x.reshape(-1, 0));
        assertNoAccident("concat " + shape, () -> Tensor.concat(List.of(x, x), emptyAxis));
        assertNoAccident("pad " + shape, () -> x.pad(new int[] {0, 0, 1, 1}, new int[] {0, 0, 1, 1}, 0));
        assertNoAccident("maxPool2d " + shape, () -> Pooling.maxPool2d(x, 1));
        assertNoAccident("avgPool2d " + shape, () -> Pooling.avgPool2d(x, 1));
        assertNoAccident("adaptiveAvgPool2d " + shape, () -> Pooling.adaptiveAvgPool2d(x, 1, 1));
        assertNoAccident("nearest " + shape, () -> Upsampling.nearest(x, 2));
        assertNoAccident("bilinear " + shape, () -> Upsampling.bilinear(x, 2, true));
        Tensor w = BadInput.zeros(dtype, 2, dims[1], 1, 1);
        assertNoAccident("conv2d " + shape, () -> Convolution.conv2d(x, w));
        Tensor wt = BadInput.zeros(dtype, dims[1], 2, 1, 1);
        assertNoAccident("convTranspose2d " + shape, () -> Convolution.convTranspose2d(x, wt, null,
                Conv2dOptions.defaults()));
        assertNoAccident("batchNorm " + shape, () -> Normalization.batchNorm(x, null, null, null, null, true, 0.1,
                1e-5));
        assertNoAccident("instanceNorm " + shape, () -> Normalization.instanceNorm(x, null, null, 1e-5));
        assertNoAccident("groupNorm " + shape, () -> Normalization.groupNorm(x, 1, null, null, 1e-5));
        assertNoAccident("bceWithLogits " + shape, () -> Losses.bceWithLogits(x, x));
        assertNoAccident("dice " + shape, () -> Losses.dice(x, x));
        assertNoAccident("softCrossEntropy " + shape, () -> Losses.softCrossEntropy(x, x));
    }
}
