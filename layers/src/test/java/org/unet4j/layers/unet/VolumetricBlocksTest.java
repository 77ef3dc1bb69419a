package org.unet4j.layers.unet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.unet4j.autodiff.DType;
import org.unet4j.autodiff.GradCheck;
import org.unet4j.autodiff.Tensor;
import org.unet4j.layers.Module;
import org.unet4j.layers.ModuleGradients;
import org.unet4j.layers.nn.Conv3d;
import org.unet4j.layers.topology.Activation;
import org.unet4j.layers.topology.BlockSettings;
import org.unet4j.layers.topology.ConvPadding;
import org.unet4j.layers.topology.Norm;
import org.unet4j.solvers.ode.Gradients;
import org.unet4j.solvers.ode.OdeOptions;

/** Every block of the zoo is built of 3-D layers in 3-D and passes a float64 gradient check on a tiny volume. */
class VolumetricBlocksTest {
    private static final GradCheck CHECK = GradCheck.withDefaults().tolerance(1e-6, 1e-5);

    private static BlockSettings settings(ConvPadding padding, Norm norm, int imageChannels) {
        return BlockSettings.builder().convsPerLevel(2).padding(padding).norm(norm).activation(Activation.TANH)
                .seed(5).spatialDims(3).imageChannels(imageChannels).build();
    }

    /** The block on [1, in, size, size, size]: its output keeps the batch and has {@code out} channels. */
    private static void verify(Block block, BlockSettings s, int in, int out, int size) {
        block.check(s);
        Module m = block.create(in, out, s);
        assertTrue(m.namedModules().values().stream().anyMatch(c -> c instanceof Conv3d), () -> block + " has no Conv3d: " + m);
        Tensor x = Tensor.randn(new SplittableRandom(13), DType.FLOAT64, 1, in, size, size, size);
        int[] dims = m.to(DType.FLOAT64).forward(x).dims();
        assertArrayEquals(new int[] {1, out}, new int[] {dims[0], dims[1]});
        assertTrue(dims.length == 5, () -> "a 3-D block returns [N, C, D, H, W], got " + dims.length + " axes");
        ModuleGradients.assertGradientsMatch(m, x, CHECK);
    }

    @Test
    void plainAndResidualUnderValidAndSamePadding() {
        verify(Block.plain(), settings(ConvPadding.VALID, Norm.BATCH, 0), 2, 2, 6);
        verify(Block.plain(), settings(ConvPadding.SAME, Norm.INSTANCE, 0), 1, 2, 3);
        verify(Block.residual(), settings(ConvPadding.VALID, Norm.GROUP, 0), 1, 2, 5);
        verify(Block.residual(), settings(ConvPadding.SAME, Norm.BATCH, 0), 2, 2, 3);
    }

    @Test
    void denseInceptionAndPyramidPooling() {
        verify(Block.dense(2, 1, true), settings(ConvPadding.SAME, Norm.BATCH, 0), 2, 2, 3);
        verify(Block.inception(), settings(ConvPadding.SAME, Norm.BATCH, 0), 1, 3, 3);
        verify(Block.pyramidPooling(1, 2), settings(ConvPadding.SAME, Norm.GROUP, 0), 4, 2, 4);
    }

    @Test
    void imageFedReadsTheVolumeAtEveryConvolution() {
        verify(Block.imageFed(), settings(ConvPadding.VALID, Norm.BATCH, 1), 2, 2, 6);
    }

    @Test
    void firstOrderDynamicAndReferenceOdeBlocksInEveryGradientMode() {
        BlockSettings s = settings(ConvPadding.SAME, Norm.NONE, 0);
        verify(Block.firstOrder("rk4", 2), s, 1, 2, 3);
        verify(Block.referenceDynamic("rk4", 1), s, 2, 2, 3);
        for (Gradients mode : Gradients.values()) {
            Block db = mode == Gradients.ADJOINT
                    ? Block.dynamic(OdeOptions.method("dopri5").rtol(1e-10).atol(1e-10)) : Block.dynamic("rk4", 2);
            verify(db.withGradients(mode), s, 2, 2, 3);
        }
    }
}
