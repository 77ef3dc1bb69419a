package org.unet4j.layers.unet;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.unet4j.autodiff.DType;
import org.unet4j.autodiff.GradCheck;
import org.unet4j.autodiff.Tensor;
import org.unet4j.layers.Module;
import org.unet4j.layers.ModuleGradients;
import org.unet4j.layers.topology.Activation;
import org.unet4j.layers.topology.BlockSettings;
import org.unet4j.layers.topology.ConvPadding;
import org.unet4j.layers.topology.Norm;
import org.unet4j.solvers.ode.Gradients;
import org.unet4j.solvers.ode.OdeOptions;

/** Every block of the zoo passes a float64 gradient check on a tiny input, DB in every gradient mode. */
class BlockGradientsTest {
    private static final GradCheck CHECK = GradCheck.withDefaults().tolerance(1e-6, 1e-5);

    private static BlockSettings settings(ConvPadding padding, Norm norm, int spatialDims, int imageChannels) {
        return BlockSettings.builder().convsPerLevel(2).padding(padding).norm(norm).activation(Activation.TANH)
                .seed(3).spatialDims(spatialDims).imageChannels(imageChannels).build();
    }

    private static void verify(Block block, ConvPadding padding, Norm norm, int in, int out, int size) {
        verify(block, settings(padding, norm, 2, 0), in, out, size);
    }

    /** The block on [2, in, size, size] in 2-D, on the 1-D layout [2, in, 1, size] in 1-D. */
    private static void verify(Block block, BlockSettings s, int in, int out, int size) {
        block.check(s);
        Module m = block.create(in, out, s);
        int height = s.spatialDims() == 1 ? 1 : size;
        ModuleGradients.assertGradientsMatch(m, Tensor.randn(new SplittableRandom(11), DType.FLOAT64, 2, in, height, size), CHECK);
    }

    @Test
    void imageFedEveryConvolutionReadingTheImage() {
        verify(Block.imageFed(), settings(ConvPadding.VALID, Norm.BATCH, 2, 1), 3, 3, 7);
        verify(Block.imageFed(), settings(ConvPadding.SAME, Norm.NONE, 1, 2), 4, 2, 6);
    }

    @Test
    void everyBlockInOneDimension() {
        verify(Block.plain(), settings(ConvPadding.VALID, Norm.BATCH, 1, 0), 2, 3, 7);
        verify(Block.residual(), settings(ConvPadding.VALID, Norm.GROUP, 1, 0), 2, 3, 7);
        verify(Block.dense(2, 2, true), settings(ConvPadding.SAME, Norm.BATCH, 1, 0), 2, 3, 5);
        verify(Block.inception(), settings(ConvPadding.SAME, Norm.BATCH, 1, 0), 2, 3, 5);
        verify(Block.pyramidPooling(1, 2), settings(ConvPadding.SAME, Norm.GROUP, 1, 0), 4, 2, 6);
        verify(Block.firstOrder("rk4", 2), settings(ConvPadding.SAME, Norm.GROUP, 1, 0), 2, 2, 4);
        verify(Block.dynamic("rk4", 2), settings(ConvPadding.SAME, Norm.NONE, 1, 0), 2, 2, 4);
    }

    @Test
    void plainValidAndSame() {
        verify(Block.plain(), ConvPadding.VALID, Norm.BATCH, 2, 3, 7);
        verify(Block.plain(), ConvPadding.SAME, Norm.INSTANCE, 2, 3, 5);
    }

    @Test
    void residualWithProjectionAndCrop() {
        verify(Block.residual(), ConvPadding.VALID, Norm.BATCH, 2, 3, 7);
        verify(Block.residual(), ConvPadding.SAME, Norm.GROUP, 3, 3, 5);
    }

    @Test
    void dense() {
        verify(Block.dense(2, 2, true), ConvPadding.SAME, Norm.BATCH, 2, 3, 5);
        verify(Block.dense(1, 2, false), ConvPadding.SAME, Norm.NONE, 2, 2, 4);
    }

    @Test
    void inception() {
        verify(Block.inception(), ConvPadding.SAME, Norm.BATCH, 2, 3, 5);
    }

    @Test
    void pyramidPooling() {
        verify(Block.pyramidPooling(), ConvPadding.SAME, Norm.GROUP, 4, 2, 6);
    }

    @Test
    void firstOrderOde() {
        verify(Block.firstOrder("rk4", 2), ConvPadding.SAME, Norm.GROUP, 2, 2, 4);
    }

    @Test
    void dynamicBackpropAndCheckpointed() {
        verify(Block.dynamic("rk4", 3), ConvPadding.SAME, Norm.GROUP, 2, 3, 4);
        verify(Block.dynamic("rk4", 4).checkpointEvery(2), ConvPadding.SAME, Norm.NONE, 2, 2, 4);
        verify(Block.dynamic("abm2", 3), ConvPadding.SAME, Norm.NONE, 2, 2, 4);
    }

    /**
     * The adjoint gives the gradient of the exact flow, which differs from that of the discrete solve (what the
     * finite differences see) by O(h^p): with RK4 here about 1e-3 relative at 16 steps and 7e-5 at 32 (the 2^4
     * ratio), so the check uses Dormand-Prince at rtol = atol = 1e-10, where both are exact to the check's
     * tolerance.
     */
    @Test
    void dynamicAdjoint() {
        verify(Block.dynamic(OdeOptions.method("dopri5").rtol(1e-10).atol(1e-10)).withGradients(Gradients.ADJOINT),
                ConvPadding.SAME, Norm.GROUP, 2, 2, 4);
    }

    @Test
    void referenceVariant() {
        verify(Block.referenceDynamic("rk4", 1), ConvPadding.SAME, Norm.GROUP, 2, 2, 4);
    }
}
