package org.unet4j.layers.unet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.unet4j.autodiff.DType;
import org.unet4j.autodiff.Shape;
import org.unet4j.autodiff.Tensor;
import org.unet4j.layers.ModuleGradients;
import org.unet4j.layers.topology.Activation;
import org.unet4j.layers.topology.ConvPadding;
import org.unet4j.layers.topology.Norm;
import org.unet4j.layers.topology.UNetGeometry;
import org.unet4j.solvers.ode.Gradients;

/** U-Nets on volumes [N, C, D, H, W]: every block, the size rules per axis, anisotropic factors, gradients. */
class VolumetricUNetTest {

    private static Tensor volume(long seed, int... dims) {
        return Tensor.randn(new SplittableRandom(seed), DType.FLOAT64, dims);
    }

    @Test
    void everyBlockRunsForwardAndBackwardInAThreeDimensionalUNet() {
        List<Block> blocks = List.of(Block.plain(), Block.residual(), Block.dense(2, 2, true), Block.inception(),
                Block.pyramidPooling(1, 2), Block.firstOrder("rk4", 1), Block.dynamic("rk4", 1),
                Block.referenceDynamic("rk4", 1));
        for (Block block : blocks) {
            for (Gradients mode : block instanceof OdeBlock ? Gradients.values() : new Gradients[] {null}) {
                UNet.Builder b = UNet.builder().spatialDims(3).levels(2).filters(2, 4).block(block).norm(Norm.GROUP)
                        .seed(3);
                UNet net = (mode == null ? b : b.gradients(mode)).build();
                Tensor x = volume(1, 1, 1, 4, 4, 4).requiresGrad(true);
                Tensor y = net.forward(x);
                assertArrayEquals(new int[] {1, 1, 4, 4, 4}, y.dims(), block.toString());
                y.mul(y).sum().backward();
                assertTrue(x.grad() != null && net.parameters().stream().allMatch(p -> p.grad() != null),
                        () -> block + " " + mode + ": every parameter and the input get a gradient");
            }
        }
    }

    @Test
    void aTinyValidPaddingPlainUNetPassesAWholeNetworkGradientCheck() {
        UNet net = UNet.builder().spatialDims(3).levels(2).filters(2, 2).convsPerLevel(1)
                .padding(ConvPadding.VALID).norm(Norm.BATCH).activation(Activation.TANH).seed(4).build();
        int side = net.validInputSizes(1, 100).get(0);
        assertEquals(10, side);
        assertArrayEquals(new int[] {1, 1, 2, 2, 2}, net.outputShape(1, 1, side, side, side).dims());
        ModuleGradients.assertGradientsMatch(net, volume(5, 1, 1, side, side, side));
    }

    @Test
    void anAnisotropicFactorKeepsTheDepthAndHalvesHeightAndWidth() {
        UNet net = UNet.builder().spatialDims(3).levels(3).filters(2, 3, 4).factor(1, 2, 2).norm(Norm.INSTANCE)
                .seed(6).build();
        Tensor y = net.forward(volume(7, 2, 1, 3, 8, 12));
        assertArrayEquals(new int[] {2, 1, 3, 8, 12}, y.dims());
        String summary = net.summary(Shape.of(2, 1, 3, 8, 12));
        assertTrue(summary.contains("[2, 2, 3, 4, 6]") && summary.contains("[2, 4, 3, 2, 3]"), summary);
        assertTrue(net.toString().contains("factors (1, 2, 2)"), net.toString());
        UNetGeometry g = net.geometry();
        assertEquals(1, g.forAxis(0).period());
        assertEquals(4, g.forAxis(1).period());
        assertTrue(assertThrows(IllegalStateException.class, g::period).getMessage().contains("forAxis"));
        String m = assertThrows(IllegalArgumentException.class, () -> net.forward(volume(8, 1, 1, 3, 9, 12)))
                .getMessage();
        assertTrue(m.contains("height 9 (nearest valid: 8 or 12)") && !m.contains("depth 3"), m);
    }

    @Test
    void theValidSizeCalculatorWorksPerAxisWithValidPaddingAndAnisotropicFactors() {
        UNet net = UNet.builder().spatialDims(3).levels(2).filters(2, 2).convsPerLevel(1).factor(1, 2, 2)
                .padding(ConvPadding.VALID).norm(Norm.NONE).seed(9).build();
        UNetGeometry depth = net.geometry().forAxis(0);
        UNetGeometry plane = net.geometry().forAxis(2);
        assertEquals("1 b + 4", depth.rule());
        assertEquals("2 b + 6", plane.rule());
        assertEquals(List.of(7, 8, 9), net.validInputSizes(0, 1, 9));
        assertEquals(List.of(10, 12), net.validInputSizes(1, 1, 12));
        Shape in = Shape.of(1, 1, 8, 10, 12);
        Shape expected = net.outputShape(in);
        assertArrayEquals(new int[] {1, 1, depth.outputSize(8).getAsInt(), plane.outputSize(10).getAsInt(),
                plane.outputSize(12).getAsInt()}, expected.dims());
        assertEquals(expected, net.forward(volume(10, 1, 1, 8, 10, 12)).shape());
        assertTrue(net.geometry().toString().contains("depth 1 b + 4, height 2 b + 6, width 2 b + 6"),
                net.geometry().toString());
    }

    @Test
    void perAxisFactorsNeedThreeDimensions() {
        String m = assertThrows(IllegalArgumentException.class,
                () -> UNet.builder().spatialDims(2).factor(1, 2).build()).getMessage();
        assertTrue(m.contains("spatialDims(3)"), m);
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> UNet.builder().spatialDims(3).factor(1, 1, 1).build()).getMessage().contains(">= 2"));
    }

    @Test
    void aThreeDimensionalContinuousUNetOfDynamicBlocksPassesAGradientCheck() {
        ContinuousUNet net = ContinuousUNet.builder().spatialDims(3).filters(2, 2).block(Block.dynamic("rk4", 2))
                .gradients(Gradients.CHECKPOINTED).norm(Norm.NONE).activation(Activation.TANH).seed(3).build();
        assertTrue(net.toString().contains("3-D"), net.toString());
        Tensor x = volume(11, 1, 1, 2, 2, 2);
        assertEquals(Shape.of(1, 1, 2, 2, 2), net.outputShape(x.shape()));
        ModuleGradients.assertGradientsMatch(net, x);
    }
}
