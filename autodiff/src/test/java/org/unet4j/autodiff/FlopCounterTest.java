package org.unet4j.autodiff;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The FLOP count (multiply-add = 2) of a convolution, a transposed convolution, a linear map and attention, each
 * against a count by hand; scopes nest and count nothing outside.
 */
class FlopCounterTest {

    @Test
    void aConvolutionCostsTwiceItsMultiplyAdds() {
        // 3 -> 8 channels, 3x3 kernel, 32x32 input, padding 1: 32*32 outputs per channel, 3*9 multiply-adds each
        Tensor x = Tensor.zeros(2, 3, 32, 32);
        Tensor w = Tensor.zeros(8, 3, 3, 3);
        long flops = FlopCounter.count(() -> Convolution.conv2d(x, w, Tensor.zeros(8), Conv2dOptions.defaults()
                .padding(1)));
        assertEquals(2L * 2 * 8 * 32 * 32 * 3 * 9, flops);
    }

    @Test
    void groupsDivideTheWorkOfAConvolution() {
        // depthwise: 16 channels, one 3x3 filter each, 10x10 valid output
        Tensor x = Tensor.zeros(1, 16, 12, 12);
        Tensor w = Tensor.zeros(16, 1, 3, 3);
        long flops = FlopCounter.count(() -> Convolution.conv2d(x, w, null, Conv2dOptions.defaults().groups(16)));
        assertEquals(2L * 16 * 10 * 10 * 9, flops);
    }

    @Test
    void aTransposedConvolutionCostsWhatItScattersFromEachInput() {
        // 8 -> 4 channels, kernel 2, stride 2, on 5x5: each of 8*25 inputs is multiplied into 4*2*2 outputs
        Tensor x = Tensor.zeros(1, 8, 5, 5);
        Tensor w = Tensor.zeros(8, 4, 2, 2);
        long flops = FlopCounter.count(() -> Convolution.convTranspose2d(x, w, null, Conv2dOptions.defaults()
                .stride(2)));
        assertEquals(2L * 8 * 25 * 4 * 4, flops);
    }

    @Test
    void aLinearMapOnTokensCostsTwoTimesTokensTimesInTimesOut() {
        // [N=2, L=49, 96] @ [96, 384]
        Tensor x = Tensor.zeros(2, 49, 96);
        Tensor w = Tensor.zeros(96, 384);
        assertEquals(2L * 2 * 49 * 96 * 384, FlopCounter.count(() -> x.matmul(w)));
    }

    @Test
    void attentionCostsItsTwoProductsQKAndPV() {
        // batch 2, 4 heads, L = S = 64 tokens, head size 16: QK^T and PV are each 2 * 64 * 64 * 16 per head
        Tensor q = Tensor.zeros(2, 4, 64, 16);
        long flops = FlopCounter.count(() -> Attention.scaledDotProduct(q, q, q));
        assertEquals(2L * 4 * (2L * 64 * 64 * 16 + 2L * 64 * 64 * 16), flops);
    }

    @Test
    void scopesNestAndNothingIsCountedOutsideThem() {
        Tensor a = Tensor.zeros(3, 4);
        Tensor b = Tensor.zeros(4, 5);
        a.matmul(b);
        try (FlopCounter outer = FlopCounter.open()) {
            a.matmul(b);
            try (FlopCounter inner = FlopCounter.open()) {
                a.matmul(b);
                assertEquals(120, inner.total());
            }
            assertEquals(240, outer.total());
            assertEquals(Map.of("matmul", 240L), outer.byOp());
        }
    }
}
