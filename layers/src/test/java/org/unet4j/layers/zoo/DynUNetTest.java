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
}
