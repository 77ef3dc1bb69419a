package org.unet4j.autodiff.badinput;

import static org.unet4j.autodiff.badinput.BadInput.assertNoNaN;
import static org.unet4j.autodiff.badinput.BadInput.assertRefused;

import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.unet4j.autodiff.Conv2dOptions;
import org.unet4j.autodiff.Convolution;
import org.unet4j.autodiff.DType;
import org.unet4j.autodiff.Tensor;

/** Convolutions: channel counts, groups, kernels, strides, biases and devices that do not fit. */
class ConvolutionBadInputProperties {

    @Property(tries = 30)
    void weightChannelsThatDifferFromTheInputsAreRefused(@ForAll @IntRange(min = 1, max = 4) int channels,
            @ForAll @IntRange(min = 1, max = 3) int extra, @ForAll DType dtype) {
        Tensor x = BadInput.zeros(dtype, 1, channels, 5, 5);
        Tensor w = BadInput.zeros(dtype, 2, channels + extra, 3, 3);
        assertRefused("conv2d", () -> Convolution.conv2d(x, w), "conv2d");
        Tensor wt = BadInput.zeros(dtype, channels + extra, 2, 3, 3);
        assertRefused("convTranspose2d", () -> Convolution.convTranspose2d(x, wt, null, Conv2dOptions.defaults()),
                "convTranspose2d");
    }

    @Property(tries = 20)
    void aKernelLargerThanThePaddedInputIsRefused(@ForAll @IntRange(min = 1, max = 4) int size,
            @ForAll @IntRange(min = 1, max = 3) int extra) {
        Tensor x = BadInput.zeros(DType.FLOAT32, 1, 1, size, size);
        Tensor w = BadInput.zeros(DType.FLOAT32, 1, 1, size + extra, size + extra);
        assertRefused("conv2d kernel " + (size + extra) + " on " + size, () -> Convolution.conv2d(x, w), "conv2d");
    }

    @Property(tries = 20)
    void optionsThatAreNotPositiveAreRefused(@ForAll @IntRange(min = -2, max = 0) int bad) {
        assertRefused("stride " + bad, () -> Conv2dOptions.defaults().stride(bad), "stride");
        assertRefused("dilation " + bad, () -> Conv2dOptions.defaults().dilation(bad), "dilation");
        assertRefused("groups " + bad, () -> Conv2dOptions.defaults().groups(bad), "groups");
        if (bad < 0) {
            assertRefused("padding " + bad, () -> Conv2dOptions.defaults().padding(bad), "padding");
        }
    }

    @Property(tries = 20)
    void groupsThatDoNotDivideTheChannelsAndWrongBiasesAreRefused(@ForAll @IntRange(min = 2, max = 4) int groups,
            @ForAll @IntRange(min = 1, max = 3) int biasExtra) {
        Tensor x = BadInput.zeros(DType.FLOAT64, 1, groups + 1, 4, 4);
        Tensor w = BadInput.zeros(DType.FLOAT64, groups, 1, 1, 1);
        assertRefused("conv2d with " + groups + " groups of " + (groups + 1) + " channels",
                () -> Convolution.conv2d(x, w, null, Conv2dOptions.defaults().groups(groups)), "conv2d");
        Tensor x1 = BadInput.zeros(DType.FLOAT64, 1, 2, 4, 4);
        Tensor w1 = BadInput.zeros(DType.FLOAT64, 3, 2, 1, 1);
        Tensor bias = BadInput.zeros(DType.FLOAT64, 3 + biasExtra);
        assertRefused("conv2d with a bias of " + (3 + biasExtra), () -> Convolution.conv2d(x1, w1, bias,
                Conv2dOptions.defaults()), "conv2d");
    }

    @Property(tries = 10)
    void operandsThatAreNotFourDimensionalOrOnTwoDevicesAreRefused(@ForAll @IntRange(min = 0, max = 5) int rank) {
        Tensor w = BadInput.zeros(DType.FLOAT32, 1, 1, 1, 1);
        if (rank != 4) {
            int[] dims = new int[rank];
            java.util.Arrays.fill(dims, 1);
            Tensor x = BadInput.zeros(DType.FLOAT32, dims);
            assertRefused("conv2d input of rank " + rank, () -> Convolution.conv2d(x, w), "conv2d");
            assertRefused("conv2d weight of rank " + rank, () -> Convolution.conv2d(w, x), "conv2d");
        }
        Tensor other = BadInput.onOther(DType.FLOAT32, 1, 1, 2, 2);
        assertRefused("conv2d across devices", () -> Convolution.conv2d(other, w), "device");
    }

    @Property(tries = 20)
    void finiteInputOfAnyMagnitudeGivesNoNaN(@ForAll("magnitudes") double scale, @ForAll long seed,
            @ForAll DType dtype) {
        Tensor x = BadInput.uniform(seed, dtype, scale, 1, 2, 5, 5);
        Tensor w = BadInput.uniform(seed + 1, dtype, 1, 3, 2, 3, 3);
        assertNoNaN("conv2d at scale " + scale, Convolution.conv2d(x, w));
    }

    @Provide
    Arbitrary<Double> magnitudes() {
        return BadInput.extremeMagnitudes().filter(m -> m <= 1e30);
    }
}
