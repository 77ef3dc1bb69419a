package org.unet4j.layers.zoo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.unet4j.autodiff.DType;
import org.unet4j.autodiff.FlopCounter;
import org.unet4j.autodiff.Tensor;
import org.unet4j.layers.ModuleGradients;
import org.unet4j.layers.topology.SpatialLayers;

class AttentionUNetTest {

    @Test
    void thePublishedConfigurationHasTheReferenceCodesParameterCount() {
        // AttU_Net(img_ch=3, output_ch=1) of LeeJunHyun/Image_Segmentation (network.py), counted in PyTorch 1.13
        assertEquals(34_878_573, AttentionUNet.builder().build().parameterCount());
    }

    @Test
    void aGateScalesEverySkipPixelByACoefficientInZeroOne() {
        AttentionGate gate = new AttentionGate(3, 5, 2, new SplittableRandom(1));
        Tensor skip = Tensor.randn(new SplittableRandom(2), 2, 3, 4, 4);
        Tensor g = Tensor.randn(new SplittableRandom(3), 2, 5, 4, 4);
        Tensor alpha = gate.coefficients(skip, g);
        assertArrayEquals(new int[] {2, 1, 4, 4}, alpha.dims());
        for (float a : alpha.toFloatArray()) {
            assertTrue(a > 0 && a < 1, "coefficient " + a);
        }
        assertArrayEquals(skip.mul(alpha).toFloatArray(), gate.forward(Tensor.concat(1, skip, g)).toFloatArray());
        assertThrows(IllegalArgumentException.class, () -> gate.gate(g, skip));
    }

    @Test
    void aGateCostsItsThreePointwiseConvolutions() {
        AttentionGate gate = new AttentionGate(8, 6, 4, new SplittableRandom(1));
        long flops = FlopCounter.count(() -> gate.gate(Tensor.zeros(2, 8, 5, 5), Tensor.zeros(2, 6, 5, 5)));
        assertEquals(2L * 2 * 25 * (8 * 4 + 6 * 4 + 4 * 1), flops);
    }

    @Test
    void theOutputHasTheInputsSizeAndBadSizesAreRejected() {
        AttentionUNet net = AttentionUNet.builder().inChannels(2).outChannels(3).filters(4, 8, 16).build();
        assertArrayEquals(new int[] {2, 3, 16, 12}, net.forward(Tensor.zeros(2, 2, 16, 12)).dims());
        assertThrows(IllegalArgumentException.class, () -> net.forward(Tensor.zeros(1, 2, 10, 12)));
    }

    @Test
    void gradientsThroughTheWholeNetworkMatchCentralDifferences() {
        AttentionUNet net = AttentionUNet.builder().inChannels(1).outChannels(1).filters(2, 4, 4).seed(3).build();
        ModuleGradients.assertGradientsMatch(net, Tensor.randn(new SplittableRandom(4), DType.FLOAT64, 2, 1, 8, 8));
    }

    @Test
    void aSmallConfigurationLearnsGeneratedMasks() {
        AttentionUNet net = AttentionUNet.builder().inChannels(1).outChannels(1).filters(4, 8, 16).seed(1).build();
        TrainingSanity.assertLossFallsTenfold(net, 1, 32, 1e-2, 150);
    }

    @Test
    void theSummaryStatesParametersFlopsTimesAndPeakHeap() {
        AttentionUNet net = AttentionUNet.builder().inChannels(1).filters(4, 8).build();
        String summary = net.summary(8, 8);
        assertTrue(summary.contains(String.format("%,d parameters", net.parameterCount())), summary);
        assertTrue(summary.contains("multiply-add = 2 FLOPs"), summary);
        assertTrue(summary.contains("ms per inference of one input") && summary.contains("ms per train step")
                && summary.contains("MiB during that step"), summary);
    }

    @Test
    void thePublishedConfigurationIn3dHasTheCountOfItsLayersWithCubicKernels() {
        // the reference code's AttU_Net (img_ch 3, output_ch 1, filters 64..1024) with every Conv2d / BatchNorm2d /
        // Upsample made 3-D (3x3x3 convolutions with bias, 1x1x1 gate convolutions as MONAI's AttentionBlock for
        // spatial_dims=3): 34,878,573 - 9 x (the 3x3 weights) + 27 x (them); counted layer by layer
        assertEquals(103_891_437, AttentionUNet.builder().spatialDims(3).build().parameterCount());
        assertEquals(11_874_285, AttentionUNet.builder().spatialDims(1).build().parameterCount());
    }

    @Test
    void volumesAndSignalsKeepTheirSizeAndBadSizesAreRejected() {
        AttentionUNet volume = AttentionUNet.builder().spatialDims(3).inChannels(2).outChannels(3).filters(2, 4, 4)
                .build();
        assertArrayEquals(new int[] {2, 3, 4, 8, 12}, volume.forward(Tensor.zeros(2, 2, 4, 8, 12)).dims());
        assertThrows(IllegalArgumentException.class, () -> volume.forward(Tensor.zeros(1, 2, 6, 8, 12)));
        assertThrows(IllegalArgumentException.class, () -> volume.forward(Tensor.zeros(1, 2, 8, 12)));
        AttentionUNet signal = AttentionUNet.builder().spatialDims(1).inChannels(1).filters(2, 4).build();
        assertArrayEquals(new int[] {2, 1, 10}, signal.forward(Tensor.zeros(2, 1, 10)).dims());
        assertThrows(IllegalArgumentException.class, () -> signal.forward(Tensor.zeros(2, 1, 9)));
    }

    @Test
    void a3dGateScalesEveryVoxelOfTheSkipByOneCoefficient() {
        AttentionGate gate = new AttentionGate(SpatialLayers.of(3), 3, 5, 2, new SplittableRandom(1));
        Tensor skip = Tensor.randn(new SplittableRandom(2), 2, 3, 2, 4, 4);
        Tensor g = Tensor.randn(new SplittableRandom(3), 2, 5, 2, 4, 4);
        Tensor alpha = gate.coefficients(skip, g);
        assertArrayEquals(new int[] {2, 1, 2, 4, 4}, alpha.dims());
        for (float a : alpha.toFloatArray()) {
            assertTrue(a > 0 && a < 1, "coefficient " + a);
        }
        assertThrows(IllegalArgumentException.class, () -> gate.gate(skip, Tensor.zeros(2, 5, 2, 4, 2)));
        long flops = FlopCounter.count(() -> gate.gate(skip, g));
        assertEquals(2L * 2 * 32 * (3 * 2 + 5 * 2 + 2 * 1), flops);
    }

    @Test
    void gradientsThroughTheWholeNetworkMatchCentralDifferencesOnTinyVolumesAndSignals() {
        AttentionUNet volume = AttentionUNet.builder().spatialDims(3).inChannels(1).filters(2, 3).seed(3).build();
        ModuleGradients.assertGradientsMatch(volume, Tensor.randn(new SplittableRandom(4), DType.FLOAT64, 2, 1, 2, 4,
                4));
        AttentionUNet signal = AttentionUNet.builder().spatialDims(1).inChannels(1).filters(2, 3, 4).seed(3).build();
        ModuleGradients.assertGradientsMatch(signal, Tensor.randn(new SplittableRandom(5), DType.FLOAT64, 2, 1, 8));
    }

    @Test
    void aSmall3dConfigurationLearnsGeneratedVolumes() {
        AttentionUNet net = AttentionUNet.builder().spatialDims(3).inChannels(1).filters(4, 8).seed(1).build();
        TrainingSanity.assertLossFallsTenfold(net, TrainingSanity.volumes(16), 1e-2, 150);
    }
}
