package org.unet4j.layers.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.unet4j.autodiff.Conv3dOptions;
import org.unet4j.autodiff.Convolution;
import org.unet4j.autodiff.DType;
import org.unet4j.autodiff.Losses;
import org.unet4j.autodiff.Padding;
import org.unet4j.autodiff.ShapeException;
import org.unet4j.autodiff.Tensor;
import org.unet4j.layers.ModuleGradients;
import org.unet4j.layers.Sequential;
import org.unet4j.layers.optim.Adam;

/**
 * The 3-D layers: each applies its op with its settings (shapes, anisotropic factors, PyTorch's weight layouts and
 * parameter counts), reads as its configuration, rejects inputs that are not NCDHW by name, and passes its
 * gradients (input and parameters) by finite differences; a small 3-D network trains.
 */
class VolumeLayersTest {
    private static Tensor volume(long seed, int... dims) {
        return Tensor.randn(new SplittableRandom(seed), dims);
    }

    @Test
    void conv3dAppliesTheFunctionalConvolutionWithItsWeightAndBias() {
        Conv3d conv = Conv3d.builder(2, 4, 3).padding(Padding.SAME).stride(1, 2, 2).build(new SplittableRandom(1));
        assertArrayEquals(new int[] {4, 2, 3, 3, 3}, conv.weight().tensor().dims());
        assertEquals(4L * 2 * 27 + 4, conv.parameterCount());
        Tensor x = volume(2, 2, 2, 5, 8, 7);
        Tensor y = conv.forward(x);
        assertArrayEquals(new int[] {2, 4, 5, 4, 4}, y.dims());
        assertArrayEquals(Convolution.conv3d(x, conv.weight().tensor(), conv.bias().tensor(),
                Conv3dOptions.defaults().padding(Padding.SAME).stride(1, 2, 2)).toFloatArray(), y.toFloatArray());
        assertEquals("Conv3d(2 -> 4, kernel 3x3x3, stride 1x2x2, padding same)", conv.label());
    }

    @Test
    void conv3dDescriptionsNameOnlyWhatDiffersFromTheDefaults() {
        SplittableRandom rng = new SplittableRandom(3);
        assertEquals("Conv3d(1 -> 8, kernel 3x3x3)", new Conv3d(1, 8, 3, rng).label());
        assertEquals("Conv3d(4 -> 8, kernel 1x3x3, stride 2, padding 0x1x1, dilation 1x2x2, groups 2, no bias)",
                Conv3d.builder(4, 8, 1, 3, 3).stride(2).padding(0, 1, 1).dilation(1, 2, 2).groups(2).bias(false)
                        .build(rng).label());
        assertEquals("Conv3d(1 -> 1, kernel 2x2x2, padding front 1 back 0 top 0 bottom 1 left 1 right 1)",
                Conv3d.builder(1, 1, 2).padding(Padding.explicit(1, 0, 0, 1, 1, 1)).build(rng).label());
    }

    @Test
    void convTranspose3dUpsamplesEachAxisByItsStrideWithPyTorchsWeightLayout() {
        ConvTranspose3d up = ConvTranspose3d.builder(4, 2, 1, 2, 2).stride(1, 2, 2).build(new SplittableRandom(4));
        assertArrayEquals(new int[] {4, 2, 1, 2, 2}, up.weight().tensor().dims());
        assertArrayEquals(new int[] {1, 2, 3, 10, 6}, up.forward(volume(5, 1, 4, 3, 5, 3)).dims());
        assertEquals("ConvTranspose3d(4 -> 2, kernel 1x2x2, stride 1x2x2)", up.label());
        ConvTranspose3d padded = ConvTranspose3d.builder(2, 2, 3).stride(2).padding(1).outputPadding(1)
                .build(new SplittableRandom(6));
        assertArrayEquals(new int[] {1, 2, 6, 8, 4}, padded.forward(volume(7, 1, 2, 3, 4, 2)).dims());
        assertEquals("ConvTranspose3d(2 -> 2, kernel 3x3x3, stride 2, padding 1, output padding 1)", padded.label());
        assertThrows(IllegalArgumentException.class,
                () -> Conv3d.builder(1, 1, 2).options(Conv3dOptions.defaults().stride(2).outputPadding(1))
                        .build(new SplittableRandom(1)));
    }

    @Test
    void convolutionGradientsMatchFiniteDifferences() {
        ModuleGradients.assertGradientsMatch(Conv3d.builder(2, 3, 2, 3, 1).padding(Padding.SAME).stride(1, 2, 1)
                .build(new SplittableRandom(8)), Tensor.randn(new SplittableRandom(9), DType.FLOAT64, 1, 2, 3, 4, 3));
        ModuleGradients.assertGradientsMatch(ConvTranspose3d.builder(2, 2, 2).stride(2).groups(2)
                .build(new SplittableRandom(10)), Tensor.randn(new SplittableRandom(11), DType.FLOAT64, 1, 2, 2, 2,
                        3));
    }

    @Test
    void poolingLayersPoolEachAxisByItsOwnFactor() {
        Tensor x = volume(12, 2, 3, 4, 8, 6);
        assertArrayEquals(new int[] {2, 3, 4, 4, 3}, MaxPool3d.of(1, 2, 2).forward(x).dims());
        assertArrayEquals(new int[] {2, 3, 2, 4, 3}, new MaxPool3d(2).forward(x).dims());
        assertArrayEquals(new int[] {2, 3, 4, 4, 3}, AvgPool3d.of(1, 2, 2).forward(x).dims());
        assertArrayEquals(new int[] {2, 3, 1, 1, 1}, new AdaptiveAvgPool3d(1, 1, 1).forward(x).dims());
        assertEquals("MaxPool3d(kernel 1x2x2)", MaxPool3d.of(1, 2, 2).label());
        assertEquals("MaxPool3d(kernel 3x3x3, stride 2x2x2, padding 1x1x1)", new MaxPool3d(3, 2, 1).label());
        assertEquals("AvgPool3d(kernel 3x3x1, stride 1x1x1, padding 1x1x0, padding not counted)",
                new AvgPool3d(new int[] {3, 3, 1}, new int[] {1, 1, 1}, new int[] {1, 1, 0}, false).label());
        assertEquals("AdaptiveAvgPool3d(output 1x2x3)", new AdaptiveAvgPool3d(1, 2, 3).label());
        assertThrows(IllegalArgumentException.class, () -> new MaxPool3d(new int[] {2, 2}, new int[] {2, 2},
                new int[2]));
        assertThrows(IllegalArgumentException.class, () -> new AvgPool3d(new int[] {2, 2, 2}, new int[] {2, 2, 2},
                new int[] {0, 2, 0}, true));
        ModuleGradients.assertGradientsMatch(new AvgPool3d(new int[] {2, 3, 1}, new int[] {1, 2, 1},
                new int[] {1, 1, 0}, false), Tensor.randn(new SplittableRandom(13), DType.FLOAT64, 1, 2, 3, 5, 2));
    }

    @Test
    void batchNorm3dTracksRunningStatisticsOverTheBatchAndTheVolumeAndUsesThemInEvaluation() {
        BatchNorm3d bn = BatchNorm3d.builder(2).momentum(0.5).build();
        Tensor x = volume(14, 3, 2, 2, 3, 4).mul(2).add(1);
        Tensor y = bn.forward(x);
        double[] values = y.toDoubleArray();
        double mean = 0;
        for (int i = 0; i < 24; i++) {
            mean += values[i] / 72 + values[48 + i] / 72 + values[96 + i] / 72;
        }
        assertEquals(0, mean, 1e-5, "channel 0 normalised over the batch and the volume");
        double[] running = bn.runningMean().tensor().toDoubleArray();
        double[] xs = x.toDoubleArray();
        double batchMean = 0;
        for (int n = 0; n < 3; n++) {
            for (int i = 0; i < 24; i++) {
                batchMean += xs[n * 48 + i] / 72;
            }
        }
        assertEquals(0.5 * batchMean, running[0], 1e-5);
        Sequential.of(bn).eval();
        Tensor evaluated = bn.forward(x);
        assertEquals((xs[0] - running[0]) / Math.sqrt(bn.runningVar().tensor().toDoubleArray()[0] + 1e-5),
                evaluated.toDoubleArray()[0], 1e-4);
        assertEquals("BatchNorm3d(2, momentum 0.5)", bn.label());
    }

    @Test
    void normalisationLayersRejectInputsThatAreNotVolumes() {
        ShapeException e = assertThrows(ShapeException.class, () -> new BatchNorm3d(2).forward(volume(1, 2, 2, 3, 3)));
        assertTrue(e.getMessage().contains("NCDHW"), e.getMessage());
        e = assertThrows(ShapeException.class, () -> new Conv3d(2, 2, 1, new SplittableRandom(1))
                .forward(volume(1, 2, 2, 3, 3)));
        assertTrue(e.getMessage().contains("5-D NCDHW"), e.getMessage());
        e = assertThrows(ShapeException.class, () -> new InstanceNorm3d(3).forward(volume(1, 1, 2, 2, 3, 3)));
        assertTrue(e.getMessage().contains("expects 3"), e.getMessage());
    }

    @Test
    void instanceAndGroupNormNormaliseEachSamplesVolumeWithGradients() {
        Tensor x = volume(15, 2, 4, 2, 3, 3);
        double[] y = new InstanceNorm3d(4).forward(x).toDoubleArray();
        double mean = 0;
        for (int i = 0; i < 18; i++) {
            mean += y[18 * 5 + i] / 18;
        }
        assertEquals(0, mean, 1e-5, "sample 1, channel 1 has mean 0");
        assertArrayEquals(new int[] {2, 4, 2, 3, 3}, new GroupNorm(2, 4).forward(x).dims());
        ModuleGradients.assertGradientsMatch(InstanceNorm3d.builder(2).affine(true).build(),
                Tensor.randn(new SplittableRandom(16), DType.FLOAT64, 2, 2, 2, 2, 3));
        ModuleGradients.assertGradientsMatch(new GroupNorm(2, 4), Tensor.randn(new SplittableRandom(17),
                DType.FLOAT64, 1, 4, 2, 3, 2));
        ModuleGradients.assertGradientsMatch(new BatchNorm3d(2), Tensor.randn(new SplittableRandom(18),
                DType.FLOAT64, 2, 2, 2, 2, 2));
        assertEquals("InstanceNorm3d(4)", new InstanceNorm3d(4).label());
    }

    @Test
    void upsampleScalesVolumesPerAxisOrResizesThem() {
        Tensor x = Tensor.arange(8).reshape(1, 1, 2, 2, 2);
        Tensor up = Upsample.nearest(2).forward(x);
        assertArrayEquals(new int[] {1, 1, 4, 4, 4}, up.dims());
        assertEquals(7, up.toFloatArray()[63]);
        assertArrayEquals(new int[] {1, 1, 2, 4, 4}, Upsample.nearest3d(1, 2, 2).forward(x).dims());
        assertArrayEquals(new int[] {1, 1, 2, 6, 4}, Upsample.trilinear(1, 3, 2, true).forward(x).dims());
        assertArrayEquals(new int[] {1, 1, 3, 5, 7}, Upsample.trilinearToSize(3, 5, 7, false).forward(x).dims());
        assertArrayEquals(new int[] {1, 1, 3, 1, 2}, Upsample.nearest3dToSize(3, 1, 2).forward(x).dims());
        Tensor corners = Upsample.trilinear(2, true).forward(x);
        assertEquals(7, corners.toFloatArray()[63], 1e-6, "align corners keeps the last voxel");
        assertEquals("Upsample(trilinear, scale 1x2x2, align corners)", Upsample.trilinear(1, 2, 2, true).label());
        assertEquals("Upsample(nearest, size 3x1x2)", Upsample.nearest3dToSize(3, 1, 2).label());
        assertThrows(IllegalArgumentException.class, () -> Upsample.trilinear(1, 0, 2, false));
        ModuleGradients.assertGradientsMatch(Upsample.trilinear(1, 2, 2, false),
                Tensor.randn(new SplittableRandom(19), DType.FLOAT64, 1, 1, 2, 2, 3));
    }

    @Test
    void aSmallVolumeNetworkLearnsToSegmentABrightCube() {
        SplittableRandom rng = new SplittableRandom(20);
        Sequential net = Sequential.of(Conv3d.builder(1, 4, 3).padding(Padding.SAME).build(rng), new BatchNorm3d(4),
                new ReLU(), MaxPool3d.of(1, 2, 2), Conv3d.builder(4, 4, 3).padding(Padding.SAME).build(rng),
                new ReLU(), ConvTranspose3d.builder(4, 4, 1, 2, 2).stride(1, 2, 2).build(rng),
                new Conv3d(4, 1, 1, rng));
        Tensor x = Tensor.zeros(2, 1, 4, 8, 8);
        Tensor y = Tensor.zeros(2, 1, 4, 8, 8);
        for (int n = 0; n < 2; n++) {
            for (int d = 1; d < 3; d++) {
                for (int h = 2 + n; h < 6 + n; h++) {
                    for (int w = 2; w < 6; w++) {
                        x.set(1.0, n, 0, d, h, w);
                        y.set(1.0, n, 0, d, h, w);
                    }
                }
            }
        }
        Tensor noisy = x.add(volume(21, 2, 1, 4, 8, 8).mul(0.1));
        Adam adam = new Adam(net.parameters(), 0.05);
        double first = 0;
        double last = 0;
        for (int step = 0; step < 40; step++) {
            Tensor loss = Losses.bceWithLogits(net.forward(noisy), y);
            adam.zeroGrad();
            loss.backward();
            adam.step();
            if (step == 0) {
                first = loss.item();
            }
            last = loss.item();
        }
        assertTrue(last < 0.3 * first, "loss " + first + " -> " + last);
        assertTrue(net.toString().contains("ConvTranspose3d(4 -> 4, kernel 1x2x2, stride 1x2x2)"), net.toString());
    }
}
