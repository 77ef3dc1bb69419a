package org.unet4j.layers.splitting;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.unet4j.autodiff.DType;
import org.unet4j.autodiff.GradCheck;
import org.unet4j.autodiff.Shape;
import org.unet4j.autodiff.Tensor;
import org.unet4j.layers.ModuleGradients;
import org.unet4j.layers.unet.UNet;

/** PottsMGNet ({@link HybridSplittingNet}) on volumes [N, C, D, H, W]: shapes, gradients, summary, errors. */
class VolumetricSplittingNetTest {

    @Test
    void logitsHaveTheVolumeSizeForEveryLevelCount() {
        SplittableRandom rng = new SplittableRandom(4);
        for (int levels = 1; levels <= 3; levels++) {
            HybridSplittingNet net = HybridSplittingNet.builder().spatialDims(3).inChannels(2).channels(2)
                    .levels(levels).blocks(2).layersPerLevel(1).build();
            assertEquals(3, net.spatialDims());
            Tensor logits = net.forward(Tensor.randn(rng, 2, 2, 4, 8, 12));
            assertArrayEquals(new int[] {2, 1, 4, 8, 12}, logits.dims());
        }
    }

    @Test
    void theProblemPutsAThreeDimensionalGaussianInTheThresholdStep() {
        PottsControlProblem problem = new PottsControlProblem(0.5, 1, 1, 0.6, 2, 3);
        Tensor g = problem.gaussian(DType.FLOAT64);
        assertArrayEquals(new int[] {1, 1, 5, 5, 5}, g.dims());
        assertEquals(1, g.sum().item(), 1e-12);
        assertEquals(g.get(0, 0, 1, 2, 2), g.get(0, 0, 2, 2, 1), 1e-15, "isotropic");
        assertTrue(problem.toString().contains("3-D"), problem.toString());
        // with a constant state the Gaussian term is lambda (1 - 2u) away from the border (the step stores G in
        // float32, hence the tolerance)
        SoftThresholdDynamicsStep step = new SoftThresholdDynamicsStep(problem);
        step.to(DType.FLOAT64);
        Tensor u = Tensor.full(DType.FLOAT64, 0.25, 1, 1, 6, 6, 6);
        Tensor x = Tensor.full(DType.FLOAT64, 0.75, 1, 1, 6, 6, 6);
        double expected = -((0.25 - 0.75) / 0.5 + 1 * (1 - 2 * 0.25)) / 1;
        assertEquals(expected, step.logits(u, x).get(0, 0, 3, 3, 3), 1e-6);
    }

    @Test
    void gradientsMatchFiniteDifferencesOnATinyVolume() {
        HybridSplittingNet net = HybridSplittingNet.builder().spatialDims(3).channels(2, 2).layersPerLevel(1)
                .blocks(1).seed(3).build();
        Tensor volume = Tensor.randn(new SplittableRandom(5), DType.FLOAT64, 2, 1, 2, 2, 4);
        ModuleGradients.assertGradientsMatch(net, volume, GradCheck.withDefaults().tolerance(1e-6, 1e-4));
    }

    @Test
    void summaryListsEveryLevelOfTheVCycleWithItsShape() {
        HybridSplittingNet net = HybridSplittingNet.builder().spatialDims(3).channels(2, 4).blocks(1).build();
        String s = net.summary(Shape.of(1, 1, 4, 8, 8));
        for (String part : new String[] {"initial", "[1, 2, 4, 8, 8]", "step0.encoder0", "step0.bottleneck",
                "[1, 4, 2, 4, 4]", "step0.decoder0", "step0.correction0", "proposal", "threshold", "[1, 1, 4, 8, 8]",
                String.format(Locale.ROOT, "%,d parameters", net.parameterCount())}) {
            assertTrue(s.contains(part), "missing '" + part + "' in\n" + s);
        }
        UNet unet = UNetFromSplitting.convert(net);
        assertEquals(3, unet.spatialDims());
        assertTrue(unet.summary(Shape.of(1, 1, 4, 8, 8)).contains("[1, 1, 4, 8, 8]"));
    }

    @Test
    void whatThreeDimensionsDoNotSupportIsRejectedByName() {
        String dims = assertThrows(IllegalArgumentException.class, () -> HybridSplittingNet.builder().spatialDims(1))
                .getMessage();
        assertTrue(dims.contains("spatialDims 2") && dims.contains("3"), dims);
        assertThrows(IllegalArgumentException.class, () -> new PottsControlProblem(0.5, 1, 1, 1, 2, 4));
        String layer = assertThrows(IllegalArgumentException.class,
                () -> new ExplicitParallelStep(1, 1, 1, 1, 0.5, new SplittableRandom(1))).getMessage();
        assertTrue(layer.contains("spatialDims 2 or 3"), layer);
        HybridSplittingNet net = HybridSplittingNet.builder().spatialDims(3).levels(3).build();
        String image = assertThrows(IllegalArgumentException.class, () -> net.forward(Tensor.zeros(1, 1, 8, 8)))
                .getMessage();
        assertTrue(image.contains("[N, C, D, H, W]"), image);
        String odd = assertThrows(IllegalArgumentException.class, () -> net.forward(Tensor.zeros(1, 1, 6, 8, 8)))
                .getMessage();
        assertTrue(odd.contains("multiples of 4"), odd);
    }
}
