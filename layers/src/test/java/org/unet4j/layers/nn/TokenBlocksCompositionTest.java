package org.unet4j.layers.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.unet4j.autodiff.DType;
import org.unet4j.autodiff.Tensor;
import org.unet4j.autodiff.Tokens;
import org.unet4j.layers.Module;
import org.unet4j.layers.ModuleGradients;

/**
 * The new layers fit together into the two token blocks the comparison networks repeat: a pre-norm Vision
 * Transformer encoder block (TransUNet) and UNeXt's shifted-MLP block. Parameter counts against PyTorch's, shapes,
 * and gradients through the whole block in float64.
 */
class TokenBlocksCompositionTest {

    /** x + attn(norm1(x)), then + mlp(norm2(.)) with mlp = fc2(gelu(fc1)): PyTorch's norm_first encoder layer. */
    private static final class VitBlock extends Module {
        private final LayerNorm norm1;
        private final MultiheadAttention attn;
        private final LayerNorm norm2;
        private final Linear fc1;
        private final GELU act = new GELU();
        private final Linear fc2;

        VitBlock(int dim, int heads, int hidden, SplittableRandom rng) {
            norm1 = registerChild("norm1", new LayerNorm(dim));
            attn = registerChild("attn", MultiheadAttention.builder(dim, heads).batchFirst(true).build(rng));
            norm2 = registerChild("norm2", new LayerNorm(dim));
            fc1 = registerChild("fc1", new Linear(dim, hidden, rng));
            fc2 = registerChild("fc2", new Linear(hidden, dim, rng));
        }

        @Override
        public Tensor forward(Tensor x) {
            Tensor h = x.add(attn.forward(norm1.forward(x)));
            return h.add(fc2.forward(act.forward(fc1.forward(norm2.forward(h)))));
        }
    }

    /**
     * UNeXt's shifted block on tokens of an h x w grid: x + drop_path(mlp(norm(x))), mlp = shift along H, fc1,
     * depthwise conv, GELU, shift along W, fc2 (the reference code's shiftmlp with mlp_ratio 1).
     */
    private static final class ShiftedMlpBlock extends Module {
        private final int h;
        private final int w;
        private final LayerNorm norm;
        private final TokenShift shiftH = TokenShift.alongHeight(5);
        private final Linear fc1;
        private final Conv2d dwconv;
        private final GELU act = new GELU();
        private final TokenShift shiftW = TokenShift.alongWidth(5);
        private final Linear fc2;
        private final DropPath dropPath;

        ShiftedMlpBlock(int dim, int h, int w, SplittableRandom rng) {
            this.h = h;
            this.w = w;
            norm = registerChild("norm2", new LayerNorm(dim));
            fc1 = registerChild("fc1", new Linear(dim, dim, rng));
            dwconv = registerChild("dwconv", Conv2d.depthwise(dim, 3).build(rng));
            fc2 = registerChild("fc2", new Linear(dim, dim, rng));
            dropPath = registerChild("drop_path", new DropPath(0.1, rng.split()));
        }

        @Override
        public Tensor forward(Tensor x) {
            Tensor t = Tokens.fromImage(shiftH.forward(Tokens.toImage(norm.forward(x), h, w)));
            Tensor image = dwconv.forward(Tokens.toImage(fc1.forward(t), h, w));
            Tensor shifted = shiftW.forward(act.forward(image));
            return x.add(dropPath.forward(fc2.forward(Tokens.fromImage(shifted))));
        }
    }

    @Test
    void aVisionTransformerBlockHasTorchsParameterCountAndGradients() {
        // nn.TransformerEncoderLayer(768, 12, 3072, activation='gelu', batch_first=True, norm_first=True), PyTorch 1.13
        assertEquals(7_087_872, new VitBlock(768, 12, 3072, new SplittableRandom(1)).parameterCount());
        VitBlock small = new VitBlock(4, 2, 8, new SplittableRandom(2));
        Tensor x = Tensor.randn(new SplittableRandom(3), DType.FLOAT64, 2, 3, 4);
        assertArrayEquals(new int[] {2, 3, 4}, small.to(DType.FLOAT64).forward(x).dims());
        ModuleGradients.assertGradientsMatch(small, x);
    }

    @Test
    void uNeXtsShiftedMlpBlockHasTorchsParameterCountAndGradients() {
        // LayerNorm(160) + Linear(160, 160) + Conv2d(160, 160, 3, 1, 1, groups=160) + Linear(160, 160), PyTorch 1.13
        assertEquals(53_440, new ShiftedMlpBlock(160, 8, 8, new SplittableRandom(4)).parameterCount());
        ShiftedMlpBlock small = new ShiftedMlpBlock(5, 3, 4, new SplittableRandom(5));
        small.eval();
        Tensor x = Tensor.randn(new SplittableRandom(6), DType.FLOAT64, 2, 12, 5);
        assertArrayEquals(new int[] {2, 12, 5}, small.to(DType.FLOAT64).forward(x).dims());
        ModuleGradients.assertGradientsMatch(small, x);
    }
}
