package org.unet4j.layers.softcut;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.unet4j.autodiff.Autograd;
import org.unet4j.autodiff.DType;
import org.unet4j.autodiff.Device;
import org.unet4j.autodiff.GradCheck;
import org.unet4j.autodiff.NoGrad;
import org.unet4j.autodiff.Shape;
import org.unet4j.autodiff.Tensor;
import org.unet4j.layers.ModuleGradients;

/** The SoftCut U-Net on volumes [N, C, D, H, W]: three edge directions, gradients, summary and what 3-D rejects. */
class VolumetricSoftCutUNetTest {
    private final Tensor volumes = Tensor.rand(new SplittableRandom(41), 2, 1, 4, 6, 8);

    @Test
    void oneEdgeDecoderAndOneOneByOneByTwoHeadServeAllThreeAxes() {
        var net = SoftCutUNet.builder().spatialDims(3).filters(2, 4).cut(SoftCut.create()).seed(3).build();
        assertEquals(3, net.spatialDims());
        CutInputs in = net.cutInputs(volumes);
        assertArrayEquals(new int[] {2, 1, 4, 6, 8}, in.scores().dims());
        assertArrayEquals(new int[] {2, 1, 3, 6, 8}, in.weights().get(0).dims());
        assertArrayEquals(new int[] {2, 1, 4, 5, 8}, in.weights().get(1).dims());
        assertArrayEquals(new int[] {2, 1, 4, 6, 7}, in.weights().get(2).dims());
        for (Tensor w : in.weights()) {
            assertTrue(w.neg().max().item() < 0, "softplus weights are positive");
        }
        assertArrayEquals(new int[] {2, 1, 4, 6, 8}, net.forward(volumes).dims());
        assertArrayEquals(in.relaxed(SoftCut.create()).toDoubleArray(), net.forward(volumes).toDoubleArray(), 0);
        Tensor mask = in.hard();
        assertArrayEquals(new int[] {2, 1, 4, 6, 8}, mask.dims());
        var base = SoftCutUNet.builder().spatialDims(3).filters(2, 4).seed(3).build();
        long edgeDecoder = net.namedChildren().get("edgeDecoder").parameterCount();
        assertEquals(edgeDecoder + 2 * 2 + 1, net.parameterCount() - base.parameterCount(),
                "one decoder and one 1 x 1 x 2 head serve the three axes");
    }

    @Test
    void theWeightsOfAnAxisAreTheHeadOnTheFeaturesWithThatAxisSwappedToTheLast() {
        var net = SoftCutUNet.builder().spatialDims(3).filters(2, 4).cut(SoftCut.create()).seed(4).build();
        net.to(DType.FLOAT64);
        Tensor x = volumes.toFloat64();
        try (NoGrad scope = Autograd.noGrad()) {
            List<Tensor> weights = net.cutInputs(x).weights();
            UNetEncoder encoder = (UNetEncoder) net.namedChildren().get("encoder");
            UNetDecoder decoder = (UNetDecoder) net.namedChildren().get("edgeDecoder");
            EdgeHead head = (EdgeHead) net.namedChildren().get("edgeHead");
            List<Tensor> depthLast = encoder.features(x).stream().map(t -> t.transpose(2, 4)).toList();
            Tensor depth = head.forward(decoder.decode(depthLast)).transpose(2, 4);
            assertArrayEquals(depth.toDoubleArray(), weights.get(0).toDoubleArray(), 0);
            Tensor width = head.forward(decoder.decode(encoder.features(x)));
            assertArrayEquals(width.toDoubleArray(), weights.get(2).toDoubleArray(), 0);
        }
    }

    @Test
    void gradientsMatchFiniteDifferencesOnATinyVolume() {
        var net = SoftCutUNet.builder().spatialDims(3).filters(1, 2).cut(SoftCut.create()).seed(5).build();
        Tensor x = Tensor.randn(new SplittableRandom(6), DType.FLOAT64, 1, 1, 2, 2, 4);
        ModuleGradients.assertGradientsMatch(net, x, GradCheck.withDefaults().tolerance(1e-6, 1e-4));
    }

    @Test
    void theMulticlassNetworkCutsEveryClassOnTheVolume() {
        var net = SoftCutUNet.builder().spatialDims(3).filters(2, 4).classes(3).cut(SoftCut.create()).seed(7).build();
        CutInputs in = net.cutInputs(volumes);
        assertArrayEquals(new int[] {2, 3, 4, 6, 8}, in.scores().dims());
        assertEquals(3, in.weights().size());
        assertArrayEquals(MulticlassCut.of(SoftCut.create()).apply(in.scores(), in.weights()).toDoubleArray(),
                net.forward(volumes).toDoubleArray(), 0);
    }

    @Test
    void summaryListsTheStagesAndTheThreeWeightShapes() {
        var net = SoftCutUNet.builder().spatialDims(3).filters(2, 4).cut(SoftCut.create()).seed(8).build();
        String s = net.summary(Shape.of(2, 1, 4, 6, 8));
        for (String part : new String[] {"encoder.level1", "[2, 4, 2, 3, 4]", "scoreHead", "[2, 1, 3, 6, 8]",
                "[2, 1, 4, 5, 8]", "[2, 1, 4, 6, 7]", "edges along depth", "edges along width",
                String.format(java.util.Locale.ROOT, "%,d parameters", net.parameterCount())}) {
            assertTrue(s.contains(part), "missing '" + part + "' in\n" + s);
        }
        String base = SoftCutUNet.builder().spatialDims(3).filters(2, 4).build().summary(Shape.of(1, 1, 2, 2, 2));
        assertTrue(base.contains("scoreHead") && !base.contains("edgeHead"), base);
    }

    @Test
    void whatThreeDimensionsDoNotSupportIsRejectedByName() {
        String dims = assertThrows(IllegalArgumentException.class, () -> SoftCutUNet.builder().spatialDims(1))
                .getMessage();
        assertTrue(dims.contains("spatialDims 2") && dims.contains("3"), dims);
        assertThrows(IllegalArgumentException.class, () -> SoftCutUNet.builder().spatialDims(4));
        String tv = assertThrows(IllegalArgumentException.class, () -> SoftCutUNet.builder().spatialDims(3)
                .cut(SubmodularTotalVariation.create()).build()).getMessage();
        assertTrue(tv.contains("SubmodularTotalVariation") && tv.contains("2-D"), tv);
        var net = SoftCutUNet.builder().spatialDims(3).filters(2, 4).cut(SoftCut.create()).build();
        String image = assertThrows(IllegalArgumentException.class,
                () -> net.forward(Tensor.rand(new SplittableRandom(1), 1, 1, 4, 4))).getMessage();
        assertTrue(image.contains("N x C x D x H x W"), image);
        String odd = assertThrows(IllegalArgumentException.class,
                () -> net.forward(Tensor.rand(new SplittableRandom(1), 1, 1, 3, 4, 4))).getMessage();
        assertTrue(odd.contains("multiples of 2"), odd);
        assertThrows(IllegalArgumentException.class, () -> net.summary(Shape.of(1, 1, 3, 4, 4)));
    }

    @Test
    void theTwoDimensionalNetworkIsUnchangedByTheOption() {
        Tensor images = Tensor.rand(new SplittableRandom(2), 1, 1, 4, 6).to(Device.defaultDevice());
        var plain = SoftCutUNet.builder().filters(2, 4).cut(SoftCut.create()).seed(9).build();
        var explicit = SoftCutUNet.builder().spatialDims(2).filters(2, 4).cut(SoftCut.create()).seed(9).build();
        assertArrayEquals(plain.forward(images).toDoubleArray(), explicit.forward(images).toDoubleArray(), 0);
        assertTrue(plain.summary(Shape.of(1, 1, 4, 6)).contains("edges along height"));
    }
}
