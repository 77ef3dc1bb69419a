package org.unet4j.layers.zoo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.unet4j.autodiff.DType;
import org.unet4j.autodiff.Tensor;
import org.unet4j.layers.ModuleGradients;

class DynUNetTest {

    @Test
    void nnUNetsRuleGivesMonaiFbsStridesForItsPatches() {
        int[][] strides = DynUNet.heuristicStrides(new int[] {448, 512}, new double[] {0.8, 0.8});
        assertArrayEquals(new int[][] {{1, 1}, {2, 2}, {2, 2}, {2, 2}, {2, 2}, {2, 2}, {2, 2}, {1, 2}}, strides);
    }

    @Test
    void thePublishedConfigurationHasMonaiFbsParameterCount() {
        // DynUNet(2, 1, 2, kernels 3x3 x8, the strides above, upsample_kernel_size=strides[1:], norm "instance",
        // deep_supervision=True, deep_supr_num=2, res_block=False) of MONAI 0.3.0 as MONAIfbs's inference script
        // builds it (affine instance norms, bias-free convolutions, six deep-supervision heads), counted in PyTorch 1.13
        assertEquals(45_789_166, DynUNet.builder().build().parameterCount());
    }

    @Test
    void deepSupervisionReturnsTheHeadThenTheCoarserSideOutputs() {
        DynUNet net = DynUNet.builder().inChannels(2).outChannels(3).strides(1, 2, 2, 2).filters(4, 8, 8, 16)
                .deepSupervision(2).build();
        List<Tensor> out = net.forwardWithDeepSupervision(Tensor.zeros(2, 2, 16, 16));
        assertEquals(3, out.size());
        assertArrayEquals(new int[] {2, 3, 16, 16}, out.get(0).dims());
        assertArrayEquals(new int[] {2, 3, 8, 8}, out.get(1).dims());
        assertArrayEquals(new int[] {2, 3, 4, 4}, out.get(2).dims());
        assertThrows(IllegalArgumentException.class, () -> net.forward(Tensor.zeros(1, 2, 12, 16)));
    }

    @Test
    void anisotropicStridesDownSampleOnlyTheirAxis() {
        DynUNet net = DynUNet.builder().inChannels(1).outChannels(1).strides(new int[][] {{1, 1}, {2, 2}, {1, 2}})
                .filters(2, 4, 4).deepSupervision(0).build();
        assertArrayEquals(new int[] {1, 1, 6, 8}, net.forward(Tensor.zeros(1, 1, 6, 8)).dims());
    }

    @Test
    void smallConfigurationsHaveTheirTwinsParameterCounts() {
        // the same twin as above at strides (1, 2, 2), widths (4, 8, 16), one deep-supervision head
        assertEquals(7_474, DynUNet.builder().outChannels(1).strides(1, 2, 2).filters(4, 8, 16).deepSupervision(1)
                .build().parameterCount());
    }

    @Test
    void gradientsThroughTheWholeNetworkMatchCentralDifferences() {
        for (boolean residual : new boolean[] {false, true}) {
            DynUNet net = DynUNet.builder().outChannels(1).strides(1, 2, 2).filters(2, 3, 4).deepSupervision(1)
                    .residual(residual).seed(3).build();
            ModuleGradients.assertGradientsMatch(net, Tensor.randn(new SplittableRandom(4), DType.FLOAT64, 2, 1, 8,
                    8));
        }
    }

    @Test
    void aSmallConfigurationLearnsGeneratedMasks() {
        DynUNet net = DynUNet.builder().outChannels(1).strides(1, 2, 2).filters(4, 8, 16).residual(true).seed(1)
                .deepSupervision(1).build();
        TrainingSanity.assertLossFallsTenfold(net, 1, 32, 1e-2, 150);
    }

    @Test
    void nnUNetsRuleGivesAnisotropicKernelsAndStridesForThickSlices() {
        // 80 x 192 x 160 voxels at 3.0 x 0.8 x 0.8 mm: depth is neither convolved nor halved until its spacing is
        // within twice the finest, then every axis is halved while it has at least 8 voxels
        int[] patch = {80, 192, 160};
        double[] spacing = {3.0, 0.8, 0.8};
        assertArrayEquals(new int[][] {{1, 1, 1}, {1, 2, 2}, {2, 2, 2}, {2, 2, 2}, {2, 2, 2}, {2, 2, 2}},
                DynUNet.heuristicStrides(patch, spacing));
        assertArrayEquals(new int[][] {{1, 3, 3}, {3, 3, 3}, {3, 3, 3}, {3, 3, 3}, {3, 3, 3}, {3, 3, 3}},
                DynUNet.heuristicKernels(patch, spacing));
    }

    @Test
    void aMonaiTestConfigurationIn3dHasTheCountOfMonaisLayers() {
        // MONAI's DynUNet test model dynunet_0: spatial_dims 3, in 4, out 2, kernel_size (3, 3, 3, 1), strides
        // (2, 2, 2, 2), upsample_kernel_size strides[1:], filters min(2^(5+i), 320) = 32, 64, 128, 256, instance norm
        // (affine), res_block False. Counted from MONAI's layer definitions (dynunet_block.py): UnetBasicBlock(i, o, k)
        // = i o k^3 + 2 o + o o k^3 + 2 o; UnetUpBlock(i, o, k, up 2) = i o 2^3 + UnetBasicBlock(2 o, o, k) with the
        // coarser level's k; UnetOutBlock = 1x1x1 conv with bias. Input block 31,232, down blocks 166,144 + 664,064,
        // bottleneck (k = 1) 99,328, up blocks 311,808 + 397,568 + 99,456, output 66: 1,769,666. The two side heads
        // of levels 1 and 2 (64 * 2 + 2 and 128 * 2 + 2) are built always here, as in MONAI 0.3.0 (MONAI >= 0.8
        // builds them only with deep_supervision=True, deep_supr_num=2): 1,770,054.
        DynUNet net = DynUNet.builder().spatialDims(3).inChannels(4).outChannels(2).kernels(3, 3, 3, 1)
                .strides(2, 2, 2, 2).deepSupervision(0).build();
        assertEquals(1_770_054, net.parameterCount());
    }

    @Test
    void thickSliceVolumesAndSignalsKeepTheirSizeAndBadSizesAreRejected() {
        DynUNet volume = DynUNet.builder().spatialDims(3).heuristic(new int[] {4, 16, 16}, new double[] {3, 1, 1})
                .filters(2, 3, 4).outChannels(1).deepSupervision(1).build();
        assertArrayEquals(new int[] {2, 1, 4, 16, 16}, volume.forward(Tensor.zeros(2, 1, 4, 16, 16)).dims());
        assertThrows(IllegalArgumentException.class, () -> volume.forward(Tensor.zeros(1, 1, 4, 16, 14)));
        List<Tensor> side = volume.forwardWithDeepSupervision(Tensor.zeros(2, 1, 4, 16, 16));
        assertArrayEquals(new int[] {2, 1, 4, 8, 8}, side.get(1).dims());
        assertArrayEquals(new int[] {2, 2, 1, 4, 16, 16}, volume.stackedDeepSupervision(Tensor.zeros(2, 1, 4, 16,
                16)).dims());
        DynUNet signal = DynUNet.builder().spatialDims(1).strides(1, 2, 2).filters(2, 3, 4).outChannels(1)
                .deepSupervision(1).build();
        assertArrayEquals(new int[] {2, 1, 12}, signal.forward(Tensor.zeros(2, 1, 12)).dims());
        assertArrayEquals(new int[] {2, 1, 6}, signal.forwardWithDeepSupervision(Tensor.zeros(2, 1, 12)).get(1)
                .dims());
        assertThrows(IllegalArgumentException.class, () -> DynUNet.builder().spatialDims(3).build());
        assertThrows(IllegalArgumentException.class, () -> DynUNet.builder().spatialDims(3)
                .strides(new int[][] {{1, 1}, {2, 2}, {2, 2}}).build());
    }

    @Test
    void theDeeplySupervisedViewStacksInTrainingAndGivesTheHeadInEvaluation() {
        DynUNet net = DynUNet.builder().outChannels(1).strides(1, 2, 2, 2).filters(2, 3, 4, 4).deepSupervision(2)
                .build();
        var view = net.deeplySupervised();
        Tensor x = Tensor.randn(new SplittableRandom(2), 2, 1, 16, 16);
        assertArrayEquals(new int[] {2, 3, 1, 16, 16}, view.train().forward(x).dims());
        assertArrayEquals(net.eval().forward(x).toFloatArray(), view.eval().forward(x).toFloatArray());
        assertEquals(net.parameterCount(), view.parameterCount());
    }

    @Test
    void gradientsThroughTheWholeNetworkMatchCentralDifferencesOnTinyVolumesAndSignals() {
        for (boolean residual : new boolean[] {false, true}) {
            DynUNet volume = DynUNet.builder().spatialDims(3).outChannels(1)
                    .strides(new int[][] {{1}, {1, 2, 2}, {2, 2, 2}}).kernels(new int[][] {{1, 3, 3}, {3}, {3}})
                    .filters(2, 2, 3).deepSupervision(1).residual(residual).seed(3).build();
            ModuleGradients.assertGradientsMatch(volume, Tensor.randn(new SplittableRandom(4), DType.FLOAT64, 2, 1,
                    2, 8, 8));
        }
        DynUNet signal = DynUNet.builder().spatialDims(1).outChannels(1).strides(1, 2, 2).filters(2, 3, 4)
                .deepSupervision(1).residual(true).seed(3).build();
        ModuleGradients.assertGradientsMatch(signal, Tensor.randn(new SplittableRandom(5), DType.FLOAT64, 2, 1, 8));
    }

    @Test
    void aSmall3dConfigurationLearnsGeneratedVolumes() {
        DynUNet net = DynUNet.builder().spatialDims(3).outChannels(1).strides(1, 2, 2).filters(4, 8, 8).residual(true)
                .deepSupervision(1).seed(1).build();
        TrainingSanity.assertLossFallsTenfold(net, TrainingSanity.volumes(16), 1e-2, 150);
    }
}
