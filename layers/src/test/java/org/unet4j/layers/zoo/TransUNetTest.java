package org.unet4j.layers.zoo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.unet4j.autodiff.DType;
import org.unet4j.autodiff.Tensor;
import org.unet4j.layers.ModuleGradients;

class TransUNetTest {

    @Test
    void thePublishedConfigurationHasTheAuthorsCodesParameterCount() {
        // VisionTransformer(CONFIGS['R50-ViT-B_16'], img_size=224, num_classes=9) of Beckschen/TransUNet (n_skip 3,
        // the authors' Synapse setting; the paper's 105.28 M), counted in PyTorch 1.13
        assertEquals(105_277_081, TransUNet.builder().build().parameterCount());
    }

    @Test
    void atUNeXtsComparisonSettingItHasTheCountUNeXtReports() {
        // the same model for 1 class at 256 x 256 (ISIC in UNeXt's Table 1: 105.32 M), counted in PyTorch 1.13
        assertEquals(105_322_001, TransUNet.builder().classes(1).imageSize(256).build().parameterCount());
    }

    private static TransUNet.Builder tiny() {
        return TransUNet.builder().inChannels(1).classes(1).imageSize(32).resnet(4, 1, 1, 1).transformer(8, 1, 2, 8)
                .decoder(8, 8, 4, 4, 2);
    }

    @Test
    void theOutputHasTheInputsSizeAndOtherSizesAreRejected() {
        TransUNet net = tiny().classes(3).build();
        assertArrayEquals(new int[] {2, 3, 32, 32}, net.forward(Tensor.zeros(2, 1, 32, 32)).dims());
        assertThrows(IllegalArgumentException.class, () -> net.forward(Tensor.zeros(1, 1, 64, 64)));
    }

    @Test
    void weightStandardizationMakesEachKernelZeroMeanUnitVariance() {
        StandardizedConv2d conv = new StandardizedConv2d(3, 2, 3, 1, 1, new SplittableRandom(1));
        Tensor x = Tensor.zeros(1, 3, 3, 3);
        x.set(1, 0, 0, 1, 1);
        // a unit impulse in channel 0 reads back the standardised kernel of channel 0 (flipped, centre at the middle)
        Tensor y = conv.forward(x);
        assertArrayEquals(new int[] {1, 2, 3, 3}, y.dims());
        Tensor w = conv.parameters().get(0).tensor();
        Tensor standardized = w.sub(w.mean(new int[] {1, 2, 3}, true))
                .div(w.var(new int[] {1, 2, 3}, true, false).add(1e-5).sqrt());
        assertEquals(standardized.get(0, 0, 1, 1), y.get(0, 0, 1, 1), 1e-5);
        assertEquals(0, standardized.slice(0, 0, 1).mean().item(), 1e-6);
    }

    @Test
    void gradientsThroughTheWholeNetworkMatchCentralDifferences() {
        TransUNet net = tiny().resnet(2, 1, 1, 1).dropout(0).seed(3).build();
        ModuleGradients.assertGradientsMatch(net, Tensor.randn(new SplittableRandom(4), DType.FLOAT64, 2, 1, 32, 32));
    }

    @Test
    void aSmallConfigurationLearnsGeneratedMasks() {
        TransUNet net = TransUNet.builder().inChannels(1).classes(1).imageSize(32).resnet(8, 1, 1, 1)
                .transformer(16, 2, 2, 32).decoder(16, 16, 8, 8, 8).seed(1).build();
        TrainingSanity.assertLossFallsTenfold(net, 1, 32, 5e-3, 200);
    }
}
