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

class U2NetTest {

    @Test
    void thePublishedConfigurationHasTheAuthorsCodesParameterCount() {
        // U2NET(3, 1) of xuebinqin/U-2-Net model/u2net.py (the paper's 44.0 M), counted in PyTorch 1.13
        assertEquals(44_009_869, U2Net.builder().build().parameterCount());
    }

    @Test
    void theLiteConfigurationHasU2NetpsParameterCount() {
        // U2NETP(3, 1) of the same file (the paper's 1.1 M), counted in PyTorch 1.13
        assertEquals(1_131_181, U2Net.builder().lite().build().parameterCount());
    }

    @Test
    void aResidualUBlockOfHeightLHasItsTwinsParameterCount() {
        // RSU7(3, 12, 3) and RSU4F(3, 12, 3) of u2net.py (the code's defaults), counted in PyTorch 1.13
        assertEquals(22_239, ResidualUBlock.rsu(7, 3, 12, 3, new SplittableRandom(1)).parameterCount());
        assertEquals(10_359, ResidualUBlock.rsu4f(3, 12, 3, new SplittableRandom(1)).parameterCount());
    }

    @Test
    void sideOutputsAreAtTheInputsSizeAndTheFusedOutputComesFirst() {
        U2Net net = U2Net.builder().inChannels(2).outChannels(3).uniformWidths(2, 4).build();
        List<Tensor> out = net.forwardWithSideOutputs(Tensor.zeros(2, 2, 32, 64));
        assertEquals(7, out.size());
        for (Tensor t : out) {
            assertArrayEquals(new int[] {2, 3, 32, 64}, t.dims());
        }
        assertThrows(IllegalArgumentException.class, () -> net.forward(Tensor.zeros(1, 2, 48, 64)));
    }

    @Test
    void gradientsThroughResidualUBlocksMatchCentralDifferencesInTraining() {
        ModuleGradients.assertGradientsMatch(ResidualUBlock.rsu(4, 1, 2, 2, new SplittableRandom(5)),
                Tensor.randn(new SplittableRandom(6), DType.FLOAT64, 2, 1, 8, 8));
        ModuleGradients.assertGradientsMatch(ResidualUBlock.rsu4f(1, 2, 2, new SplittableRandom(7)),
                Tensor.randn(new SplittableRandom(8), DType.FLOAT64, 2, 1, 4, 4));
    }

    /**
     * In evaluation mode: the smallest valid input (32 x 32) reaches 1 x 1 at the bottom of RSU-7 and of the outer
     * U-Net, where batch statistics over a tiny batch pin every channel to +-1 and central differences straddle the
     * ReLUs' kinks; with running statistics the network is smooth away from measure-zero kinks.
     */
    @Test
    void gradientsThroughTheWholeNetworkMatchCentralDifferences() {
        U2Net net = U2Net.builder().inChannels(1).uniformWidths(1, 1).seed(3).build();
        net.eval();
        ModuleGradients.assertGradientsMatch(net, Tensor.randn(new SplittableRandom(4), DType.FLOAT64, 1, 1, 32, 32));
    }

    @Test
    void aSmallConfigurationLearnsGeneratedMasks() {
        U2Net net = U2Net.builder().inChannels(1).uniformWidths(4, 8).seed(1).build();
        TrainingSanity.assertLossFallsTenfold(net, 1, 32, 1e-2, 200);
    }
}
