package org.unet4j.layers.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.unet4j.autodiff.Conv2dOptions;
import org.unet4j.autodiff.Convolution;
import org.unet4j.autodiff.DType;
import org.unet4j.autodiff.Padding;
import org.unet4j.autodiff.ShapeException;
import org.unet4j.autodiff.Tensor;
import org.unet4j.layers.ModuleGradients;
import org.unet4j.layers.init.Init;

class ConvolutionLayersTest {

    @Property(tries = 20)
    void conv2dShapeAndParameterCountFollowTheSizeFormula(@ForAll @IntRange(min = 1, max = 4) int in,
            @ForAll @IntRange(min = 1, max = 4) int out, @ForAll @IntRange(min = 1, max = 3) int kernel,
            @ForAll @IntRange(min = 1, max = 3) int stride, @ForAll @IntRange(min = 0, max = 2) int padding,
            @ForAll @IntRange(min = 5, max = 9) int size) {
        Conv2d conv = Conv2d.builder(in, out, kernel).stride(stride).padding(padding).build(new SplittableRandom(1));
        assertEquals((long) out * in * kernel * kernel + out, conv.parameterCount());
        int expected = (size + 2 * padding - kernel) / stride + 1;
        assertArrayEquals(new int[] {2, out, expected, expected}, conv.forward(Tensor.zeros(2, in, size, size)).dims());
    }

    @Test
    void conv2dIsTheFunctionalConvolutionWithItsOwnWeights() {
        SplittableRandom rng = new SplittableRandom(2);
        Conv2d conv = Conv2d.builder(2, 3, 3).padding(Padding.SAME).build(rng);
        Tensor x = Tensor.randn(rng, 1, 2, 5, 5);
        Tensor expected = Convolution.conv2d(x, conv.weight().tensor(), conv.bias().tensor(),
                Conv2dOptions.defaults().padding(Padding.SAME));
        assertArrayEquals(expected.toFloatArray(), conv.forward(x).toFloatArray());
        assertArrayEquals(new int[] {1, 3, 5, 5}, conv.forward(x).dims());
    }

    @Test
    void groupsDivideTheWeightAndDescribeShowsNonDefaults() {
        Conv2d conv = Conv2d.builder(4, 8, 3).groups(2).stride(2).dilation(2).padding(1, 2).bias(false)
                .build(new SplittableRandom(1));
        assertArrayEquals(new int[] {8, 2, 3, 3}, conv.weight().shape().dims());
        assertNull(conv.bias());
        assertEquals(8 * 2 * 9, conv.parameterCount());
        assertEquals("Conv2d(4 -> 8, kernel 3x3, stride 2, padding 1x2, dilation 2, groups 2, no bias)", conv.label());
        assertEquals("Conv2d(1 -> 8, kernel 3x3)", new Conv2d(1, 8, 3, new SplittableRandom(1)).label());
        assertEquals("Conv2d(1 -> 8, kernel 3x1, padding same)", Conv2d.builder(1, 8, 3, 1).padding(Padding.SAME)
                .build(new SplittableRandom(1)).label());
        assertThrows(IllegalArgumentException.class, () -> Conv2d.builder(4, 6, 3).groups(4));
        assertThrows(IllegalArgumentException.class, () -> Conv2d.builder(0, 6, 3));
    }

    @Test
    void conv2dGradientsThroughTheModule() {
        SplittableRandom rng = new SplittableRandom(3);
        Conv2d conv = Conv2d.builder(2, 2, 3).stride(2).padding(1).build(rng);
        ModuleGradients.assertGradientsMatch(conv, Tensor.randn(rng, DType.FLOAT64, 1, 2, 5, 5));
    }

    @Test
    void channelMismatchNamesTheLayerAndShapes() {
        Conv2d conv = new Conv2d(1, 8, 3, new SplittableRandom(1));
        ShapeException e = assertThrows(ShapeException.class, () -> conv.forward(Tensor.zeros(4, 3, 16, 16)));
        assertEquals("Conv2d(1 -> 8, kernel 3x3): the input [4, 3, 16, 16] has 3 channels, the layer expects 1",
                e.getMessage());
        assertThrows(ShapeException.class, () -> conv.forward(Tensor.zeros(1, 16, 16)));
    }

    @Test
    void transposedConvolutionWithKernelEqualStrideUpsamplesExactly() {
        ConvTranspose2d up = ConvTranspose2d.builder(4, 2, 2).stride(2).build(new SplittableRandom(1));
        assertArrayEquals(new int[] {4, 2, 2, 2}, up.weight().shape().dims());
        assertEquals(4 * 2 * 4 + 2, up.parameterCount());
        assertArrayEquals(new int[] {3, 2, 10, 14}, up.forward(Tensor.zeros(3, 4, 5, 7)).dims());
        assertEquals("ConvTranspose2d(4 -> 2, kernel 2x2, stride 2)", up.label());
        ConvTranspose2d padded = ConvTranspose2d.builder(1, 1, 3).stride(2).padding(1).outputPadding(1)
                .build(new SplittableRandom(1));
        assertArrayEquals(new int[] {1, 1, 8, 8}, padded.forward(Tensor.zeros(1, 1, 4, 4)).dims());
    }

    @Test
    void transposedConvolutionGradientsThroughTheModule() {
        SplittableRandom rng = new SplittableRandom(4);
        ConvTranspose2d up = ConvTranspose2d.builder(2, 3, 3).stride(2).padding(1).build(rng);
        ModuleGradients.assertGradientsMatch(up, Tensor.randn(rng, DType.FLOAT64, 1, 2, 3, 3));
    }

    @Test
    void initialisationFollowsTheChosenInitAndSeed() {
        Conv2d a = Conv2d.builder(3, 4, 3).weightInit(Init.kaimingNormal()).biasInit(Init.zeros())
                .build(new SplittableRandom(9));
        Conv2d b = Conv2d.builder(3, 4, 3).weightInit(Init.kaimingNormal()).biasInit(Init.zeros())
                .build(new SplittableRandom(9));
        assertArrayEquals(a.weight().tensor().toFloatArray(), b.weight().tensor().toFloatArray());
        assertArrayEquals(new float[4], a.bias().tensor().toFloatArray());
        double bound = 1 / Math.sqrt(3 * 9);
        Conv2d defaults = new Conv2d(3, 4, 3, new SplittableRandom(9));
        for (float v : defaults.bias().tensor().toFloatArray()) {
            assertEquals(0, v, bound);
        }
    }
}
