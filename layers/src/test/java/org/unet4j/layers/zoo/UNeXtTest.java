package org.unet4j.layers.zoo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.unet4j.autodiff.DType;
import org.unet4j.autodiff.Tensor;
import org.unet4j.layers.ModuleGradients;

class UNeXtTest {

    @Test
    void thePublishedConfigurationHasTheAuthorsCodesParameterCount() {
        // UNext(num_classes=1) of jeya-maria-jose/UNeXt-pytorch archs.py (the paper's 1.47M), counted in PyTorch 1.13
        assertEquals(1_471_921, UNeXt.builder().build().parameterCount());
    }

    @Test
    void theSmallVariantOfTheReleasedCodeHasItsParameterCount() {
        // UNext_S(num_classes=1) of the same archs.py: widths 8, 16, 32 and 64, 128
        assertEquals(253_561, UNeXt.builder().convWidths(8, 16, 32).tokenWidths(64, 128).build().parameterCount());
    }

    /** Multiply-adds of a k x k convolution (groups g) producing {@code cout} channels of h x h. */
    private static long conv(int cin, int cout, int k, int h, int g) {
        return (long) cout * h * h * (cin / g) * k * k;
    }

    /** Multiply-adds of a shifted MLP block of width d on h x h tokens: two linear maps and the depthwise conv. */
    private static long shiftedBlock(int d, int h) {
        return 2L * h * h * d * d + conv(d, d, 3, h, d);
    }

    @Test
    void thePublishedCostAt256IsTwiceTheMultiplyAddsOfItsConvolutionsAndLinearMaps() {
        long macs = conv(3, 16, 3, 256, 1) + conv(16, 32, 3, 128, 1) + conv(32, 128, 3, 64, 1)
                + conv(128, 160, 3, 16, 1) + shiftedBlock(160, 16) + conv(160, 256, 3, 8, 1) + shiftedBlock(256, 8)
                + conv(256, 160, 3, 8, 1) + shiftedBlock(160, 16) + conv(160, 128, 3, 16, 1) + shiftedBlock(128, 32)
                + conv(128, 32, 3, 32, 1) + conv(32, 16, 3, 64, 1) + conv(16, 16, 3, 128, 1) + conv(16, 1, 1, 256, 1);
        // 562,003,968 multiply-adds: the paper's "0.57 GFLOPs" counts multiply-adds (and a few elementwise ops)
        assertEquals(562_003_968L, macs);
        ModelCost cost = UNeXt.builder().build().cost(256, 256);
        assertEquals(2 * macs, cost.flops());
        assertEquals(1_471_921, cost.parameters());
    }

    @Test
    void theOutputHasTheInputsSizeAndBadSizesAreRejected() {
        UNeXt net = UNeXt.builder().inChannels(2).outChannels(3).convWidths(4, 4, 8).tokenWidths(8, 8).build();
        assertArrayEquals(new int[] {2, 3, 64, 32}, net.forward(Tensor.zeros(2, 2, 64, 32)).dims());
        assertThrows(IllegalArgumentException.class, () -> net.forward(Tensor.zeros(1, 2, 48, 32)));
    }

    @Test
    void gradientsThroughTheWholeNetworkMatchCentralDifferences() {
        UNeXt net = UNeXt.builder().inChannels(1).convWidths(2, 2, 3).tokenWidths(3, 4).seed(3).build();
        ModuleGradients.assertGradientsMatch(net, Tensor.randn(new SplittableRandom(4), DType.FLOAT64, 2, 1, 32, 32));
    }

    @Test
    void aSmallConfigurationLearnsGeneratedMasks() {
        UNeXt net = UNeXt.builder().inChannels(1).convWidths(4, 8, 16).tokenWidths(16, 16).seed(1).build();
        TrainingSanity.assertLossFallsTenfold(net, 1, 32, 1e-2, 200);
    }
}
