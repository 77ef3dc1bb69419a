package org.unet4j.layers.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.unet4j.autodiff.Attention;
import org.unet4j.autodiff.DType;
import org.unet4j.autodiff.FlopCounter;
import org.unet4j.autodiff.GeluApproximation;
import org.unet4j.autodiff.ShapeException;
import org.unet4j.autodiff.Tensor;
import org.unet4j.autodiff.Tokens;
import org.unet4j.layers.Module;
import org.unet4j.layers.ModuleGradients;
import org.unet4j.layers.Sequential;

/**
 * The layers the transformer-style comparison networks are made of: parameter names, shapes and counts equal to
 * PyTorch's, initialisation, what each computes, gradients through each in float64, readable labels, and the FLOPs
 * of an attention layer counted by hand.
 */
class TransformerLayersTest {

    private static Map<String, List<Integer>> shapes(Module m) {
        Map<String, List<Integer>> out = new LinkedHashMap<>();
        m.namedParameters().forEach((name, p) -> out.put(name, java.util.Arrays.stream(p.tensor().dims()).boxed()
                .toList()));
        return out;
    }

    @Test
    void parameterNamesShapesAndCountsAreTorchs() {
        // sum(p.numel()) and named_parameters() printed once by PyTorch 1.13 for the modules named in each comment
        SplittableRandom rng = new SplittableRandom(1);
        LayerNorm ln = new LayerNorm(768);                                     // nn.LayerNorm(768)
        assertEquals(1536, ln.parameterCount());
        assertEquals(Map.of("weight", List.of(768), "bias", List.of(768)), shapes(ln));
        assertEquals(0, LayerNorm.builder(4, 8).elementwiseAffine(false).build().parameterCount());
        MultiheadAttention mha = MultiheadAttention.builder(768, 12).build(rng);   // nn.MultiheadAttention(768, 12)
        assertEquals(2_362_368, mha.parameterCount());
        assertEquals(List.of("in_proj_weight", "in_proj_bias", "out_proj.weight", "out_proj.bias"),
                List.copyOf(shapes(mha).keySet()));
        assertEquals(List.of(2304, 768), shapes(mha).get("in_proj_weight"));
        // nn.MultiheadAttention(64, 4, bias=False)
        assertEquals(16_384, MultiheadAttention.builder(64, 4).bias(false).build(rng).parameterCount());
        // TransUNet's Embeddings: Conv2d(3, 768, 16, stride 16) and position_embeddings [1, 196, 768]
        Sequential vit = new Sequential(List.of(PatchEmbedding.builder(3, 768, 16).build(rng),
                new PositionalEmbedding(196, 768)));
        assertEquals(741_120, vit.parameterCount());
        // UNeXt's OverlapPatchEmbed(patch_size=3, stride=2, in_chans=128, embed_dim=160): proj and norm
        PatchEmbedding unext = PatchEmbedding.builder(128, 160, 3).stride(2).padding(1).norm(true).build(rng);
        assertEquals(184_800, unext.parameterCount());
        assertEquals(List.of("proj.weight", "proj.bias", "norm.weight", "norm.bias"),
                List.copyOf(shapes(unext).keySet()));
        // UNeXt's DWConv(160): nn.Conv2d(160, 160, 3, 1, 1, groups=160)
        Conv2d dw = Conv2d.depthwise(160, 3).build(rng);
        assertEquals(1600, dw.parameterCount());
        assertEquals(List.of(160, 1, 3, 3), shapes(dw).get("weight"));
    }

    @Test
    void multiheadAttentionIsInitialisedAsTorchDoes() {
        MultiheadAttention mha = MultiheadAttention.builder(32, 4).build(new SplittableRandom(2));
        double bound = Math.sqrt(6.0 / (32 + 96));   // xavier_uniform_ on [3E, E]
        double[] w = mha.inProjWeight().tensor().toDoubleArray();
        double max = 0;
        for (double v : w) {
            max = Math.max(max, Math.abs(v));
        }
        assertTrue(max <= bound && max > 0.9 * bound, "in_proj_weight spans [-" + bound + ", " + bound + "], max " + max);
        assertArrayEquals(new double[96], mha.inProjBias().tensor().toDoubleArray());
        assertArrayEquals(new double[32], mha.outProj().bias().tensor().toDoubleArray());
        double linearBound = 1 / Math.sqrt(32);      // nn.Linear's default on out_proj.weight
        for (double v : mha.outProj().weight().tensor().toDoubleArray()) {
            assertTrue(Math.abs(v) <= linearBound, "out_proj.weight " + v + " outside +-" + linearBound);
        }
    }

    @Test
    void multiheadAttentionIsEachHeadsAttentionConcatenatedThenProjected() {
        MultiheadAttention mha = MultiheadAttention.builder(6, 2).batchFirst(true).build(new SplittableRandom(3));
        mha.to(DType.FLOAT64);
        Tensor x = Tensor.randn(new SplittableRandom(4), DType.FLOAT64, 2, 5, 6);
        Tensor w = mha.inProjWeight().tensor();
        Tensor b = Tensor.randn(new SplittableRandom(5), DType.FLOAT64, 18);
        mha.inProjBias().tensor().copyFrom(b);
        Tensor[] heads = new Tensor[2];
        for (int h = 0; h < 2; h++) {
            Tensor q = x.matmul(w.slice(0, 3 * h, 3 * h + 3).transpose(0, 1)).add(b.slice(0, 3 * h, 3 * h + 3));
            Tensor k = x.matmul(w.slice(0, 6 + 3 * h, 9 + 3 * h).transpose(0, 1)).add(b.slice(0, 6 + 3 * h,
                    9 + 3 * h));
            Tensor v = x.matmul(w.slice(0, 12 + 3 * h, 15 + 3 * h).transpose(0, 1)).add(b.slice(0, 12 + 3 * h,
                    15 + 3 * h));
            heads[h] = Attention.scaledDotProduct(q, k, v);
        }
        Tensor expected = mha.outProj().forward(Tensor.concat(2, heads));
        assertArrayEquals(expected.toDoubleArray(), mha.forward(x).toDoubleArray(), 1e-12);
    }

    @Test
    void sequenceFirstIsBatchFirstTransposed() {
        MultiheadAttention first = MultiheadAttention.builder(8, 2).batchFirst(true).build(new SplittableRandom(6));
        MultiheadAttention seq = MultiheadAttention.builder(8, 2).build(new SplittableRandom(6));
        Tensor x = Tensor.randn(new SplittableRandom(7), 3, 4, 8);
        assertArrayEquals(first.forward(x).toFloatArray(), seq.forward(x.transpose(0, 1)).transpose(0, 1)
                .toFloatArray(), 1e-6f);
        assertEquals("MultiheadAttention(embed 8, 2 heads)", seq.label());
        assertEquals("MultiheadAttention(embed 8, 2 heads, dropout 0.1, batch first)", MultiheadAttention
                .builder(8, 2).dropout(0.1).batchFirst(true).build(new SplittableRandom(1)).label());
    }

    @Test
    void aCausalMaskKeepsEachTokenFromSeeingLaterOnes() {
        MultiheadAttention mha = MultiheadAttention.builder(4, 2).batchFirst(true).build(new SplittableRandom(8));
        Tensor x = Tensor.randn(new SplittableRandom(9), 1, 5, 4);
        double[] later = new double[25];
        for (int i = 0; i < 5; i++) {
            for (int j = i + 1; j < 5; j++) {
                later[i * 5 + j] = 1;
            }
        }
        Tensor mask = Attention.additiveMask(Tensor.wrap(later, 5, 5).to(x.device()), x.dtype());
        Tensor changedLast = x.add(Tensor.wrap(new double[] {0, 0, 0, 0, 1}, 1, 5, 1).mul(10).to(x.dtype())
                .to(x.device()));
        float[] before = mha.forward(x, mask).slice(1, 0, 4).toFloatArray();
        float[] after = mha.forward(changedLast, mask).slice(1, 0, 4).toFloatArray();
        assertArrayEquals(before, after, 1e-6f);
        assertThrows(ShapeException.class, () -> mha.forward(x, Tensor.zeros(4, 4)));
    }

    @Test
    void attentionDropoutActsInTrainingOnly() {
        MultiheadAttention mha = MultiheadAttention.builder(8, 2).dropout(0.5).batchFirst(true)
                .build(new SplittableRandom(10));
        Tensor x = Tensor.randn(new SplittableRandom(11), 2, 6, 8);
        float[] train = mha.forward(x).toFloatArray();
        mha.eval();
        float[] eval1 = mha.forward(x).toFloatArray();
        assertArrayEquals(eval1, mha.forward(x).toFloatArray());
        assertTrue(!java.util.Arrays.equals(train, eval1), "dropout changed nothing in training");
    }

    @Test
    void gradientsThroughEachLayerMatchFiniteDifferences() {
        SplittableRandom rng = new SplittableRandom(12);
        Tensor tokens = Tensor.randn(rng, DType.FLOAT64, 2, 3, 4);
        Tensor image = Tensor.randn(rng, DType.FLOAT64, 1, 4, 5, 5);
        LayerNorm ln = new LayerNorm(4);
        ln.weight().tensor().copyFrom(Tensor.randn(rng, 4));
        ln.bias().tensor().copyFrom(Tensor.randn(rng, 4));
        ModuleGradients.assertGradientsMatch(ln, tokens);
        LayerNorm cf = LayerNorm.builder(4).channelsFirst(true).build();
        cf.weight().tensor().copyFrom(Tensor.randn(rng, 4));
        ModuleGradients.assertGradientsMatch(cf, image);
        ModuleGradients.assertGradientsMatch(new GELU(), tokens);
        ModuleGradients.assertGradientsMatch(GELU.of("tanh"), tokens);
        MultiheadAttention mha = MultiheadAttention.builder(4, 2).batchFirst(true).build(rng);
        mha.inProjBias().tensor().copyFrom(Tensor.randn(rng, 12));
        ModuleGradients.assertGradientsMatch(mha, tokens);
        ModuleGradients.assertGradientsMatch(PatchEmbedding.builder(4, 3, 3).stride(2).padding(1).norm(true)
                .build(rng), image);
        PositionalEmbedding pos = new PositionalEmbedding(3, 4, org.unet4j.layers.init.Init.normal(0, 0.02), rng);
        ModuleGradients.assertGradientsMatch(pos, tokens);
        ModuleGradients.assertGradientsMatch(TokenShift.alongWidth(3), image);
        ModuleGradients.assertGradientsMatch(Conv2d.depthwise(4, 3).build(rng), image);
    }

    @Test
    void patchEmbeddingTurnsPatchesIntoRowMajorTokens() {
        PatchEmbedding vit = PatchEmbedding.builder(3, 16, 8).build(new SplittableRandom(13));
        Tensor x = Tensor.randn(new SplittableRandom(14), 2, 3, 32, 24);
        assertArrayEquals(new int[] {4, 3}, vit.gridSize(32, 24));
        Tensor tokens = vit.forward(x);
        assertArrayEquals(new int[] {2, 12, 16}, tokens.dims());
        Module proj = vit.namedChildren().get("proj");
        assertArrayEquals(Tokens.fromImage(proj.forward(x)).toFloatArray(), tokens.toFloatArray());
        PatchEmbedding overlap = PatchEmbedding.builder(3, 16, 3).stride(2).padding(1).norm(true)
                .build(new SplittableRandom(15));
        assertArrayEquals(new int[] {16, 12}, overlap.gridSize(32, 24));
        assertArrayEquals(new int[] {2, 192, 16}, overlap.forward(x).dims());
        assertEquals("PatchEmbedding(patch 3, stride 2, padding 1 -> tokens)", overlap.label());
    }

    @Test
    void layerNormLayoutsAgreeOnTheSameNumbers() {
        LayerNorm tokens = new LayerNorm(6);
        LayerNorm channels = LayerNorm.builder(6).channelsFirst(true).build();
        Tensor image = Tensor.randn(new SplittableRandom(16), 2, 6, 3, 4);
        Tensor viaTokens = Tokens.toImage(tokens.forward(Tokens.fromImage(image)), 3, 4);
        assertArrayEquals(viaTokens.toFloatArray(), channels.forward(image).toFloatArray(), 1e-5f);
        assertEquals("LayerNorm([6], channels first)", channels.label());
        assertEquals("LayerNorm([4, 8], eps 1.0E-6, no affine)", LayerNorm.builder(4, 8).eps(1e-6)
                .elementwiseAffine(false).build().label());
        assertThrows(IllegalArgumentException.class, () -> LayerNorm.builder(4, 8).channelsFirst(true));
    }

    @Test
    void dropPathDropsWholeSamplesInTrainingAndNothingInEvaluation() {
        DropPath drop = new DropPath(0.5, new SplittableRandom(17));
        Tensor x = Tensor.ones(64, 3, 2);
        float[] y = drop.forward(x).toFloatArray();
        int dropped = 0;
        for (int n = 0; n < 64; n++) {
            float first = y[n * 6];
            assertTrue(first == 0 || first == 2, "sample " + n + " scaled by " + first);
            for (int i = 1; i < 6; i++) {
                assertEquals(first, y[n * 6 + i], "sample " + n + " is dropped or kept as a whole");
            }
            dropped += first == 0 ? 1 : 0;
        }
        assertTrue(dropped > 10 && dropped < 54, dropped + " of 64 samples dropped at p = 0.5");
        drop.eval();
        assertSame(x, drop.forward(x));
        assertEquals("DropPath(p 0.5)", drop.label());
    }

    @Test
    void labelsSayWhatEachLayerDoes() {
        assertEquals("GELU", new GELU().label());
        assertEquals("GELU(approximate 'tanh')", new GELU(GeluApproximation.TANH).label());
        assertEquals("TokenShift(height, shift size 5)", TokenShift.alongHeight(5).label());
        assertEquals("PositionalEmbedding(196 tokens, 768 features)", new PositionalEmbedding(196, 768).label());
        assertThrows(IllegalArgumentException.class, () -> new TokenShift(1, 5));
        assertThrows(IllegalArgumentException.class, () -> MultiheadAttention.builder(10, 3));
        assertThrows(ShapeException.class, () -> new PositionalEmbedding(4, 2).forward(Tensor.ones(1, 3, 2)));
    }

    @Test
    void anAttentionLayerCostsItsProjectionsAndItsTwoProducts() {
        // N = 2, L = 49 tokens, E = 96, 3 heads: in_proj 2 L E 3E, QK^T and PV 2 L L E each (over all heads),
        // out_proj 2 L E E; per sample, times N
        MultiheadAttention mha = MultiheadAttention.builder(96, 3).batchFirst(true).build(new SplittableRandom(18));
        long n = 2;
        long l = 49;
        long e = 96;
        long expected = n * (2 * l * e * 3 * e + 2 * (2 * l * l * e) + 2 * l * e * e);
        assertEquals(expected, FlopCounter.count(() -> mha.forward(Tensor.zeros(2, 49, 96))));
        Linear fc = new Linear(96, 384, new SplittableRandom(19));
        assertEquals(2 * n * l * 96 * 384, FlopCounter.count(() -> fc.forward(Tensor.zeros(2, 49, 96))));
    }
}
