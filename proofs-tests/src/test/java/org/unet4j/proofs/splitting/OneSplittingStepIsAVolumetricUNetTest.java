package org.unet4j.proofs.splitting;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.unet4j.autodiff.Autograd;
import org.unet4j.autodiff.DType;
import org.unet4j.autodiff.NoGrad;
import org.unet4j.autodiff.Tensor;
import org.unet4j.layers.splitting.HybridSplittingNet;
import org.unet4j.layers.splitting.SplittingActivation;
import org.unet4j.layers.splitting.UNetFromSplitting;
import org.unet4j.layers.unet.UNet;

/**
 * X.-C. Tai, H. Liu, R. H. Chan, L. Li, "A Mathematical Explanation of UNet" (2024), Section 3, and Tai, Liu, Chan,
 * "PottsMGNet" (2024), on volumes: one time step of the multigrid hybrid splitting for the Potts control problem on a
 * 3-D grid is a 3-D U-Net.
 *
 * <p><b>Statement.</b> The argument of {@link OneSplittingStepIsAUNetTest} does not use the dimension: the channel
 * mean of the explicit parallel step is a centre-tap convolution of any dimension, the entropic step's scaling folds
 * into the affine map in front of the sigmoid, restriction and prolongation act on u and f alike, and the STD step is
 * two linear convolutions with a 3-D Gaussian. So for a {@link HybridSplittingNet} with {@code spatialDims(3)} and
 * N = 1, the {@code UNet.builder().spatialDims(3)} network that {@link UNetFromSplitting#convert} builds (Conv3d,
 * BatchNorm3d, 2x2x2 max pooling of features and image, nearest up-sampling, skip corrections) computes the same
 * logits.
 *
 * <p><b>Check.</b> As in 2-D, jqwik draws the levels (1 to 2), the channels per level (1 to 3 each), the layers per
 * level, the sub-step (sigmoid, ReLU, none), batch norm on or off, training or evaluation mode, tau, eps, lambda and
 * sigma, with every parameter and running statistic randomised. In float64 both networks must agree on two random
 * volumes of anisotropic size to 1e-10 relative to the largest logit.
 */
class OneSplittingStepIsAVolumetricUNetTest {

    @Property(tries = 8, edgeCases = EdgeCasesMode.NONE)
    void theVolumetricUNetComputesTheSplittingStep(@ForAll @IntRange(min = 1, max = 2) int levels,
            @ForAll @IntRange(min = 1, max = 2) int layers, @ForAll @IntRange(min = 0, max = 2) int activation,
            @ForAll boolean batchNorm, @ForAll boolean training, @ForAll @LongRange(min = 0, max = 1000) long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int[] channels = new int[levels];
        for (int l = 0; l < levels; l++) {
            channels[l] = 1 + rng.nextInt(3);
        }
        HybridSplittingNet net = HybridSplittingNet.builder().spatialDims(3).inChannels(1 + rng.nextInt(2))
                .channels(channels).layersPerLevel(layers).blocks(1).tau(0.2 + rng.nextDouble())
                .eps(0.5 + rng.nextDouble()).lambda(2 * rng.nextDouble()).sigma(0.5 + rng.nextDouble())
                .activation(SplittingActivation.values()[activation]).batchNorm(batchNorm).seed(seed).build();
        net.to(DType.FLOAT64);
        OneSplittingStepIsAUNetTest.randomise(net, rng);
        net.train(training);
        UNet unet = UNetFromSplitting.convert(net);
        assertEquals(3, unet.spatialDims());
        assertEquals(training, unet.isTraining());
        int side = 2 << (levels - 1);
        int imageChannels = net.initial().parameters().get(0).shape().dim(1);
        Tensor volume = Tensor.randn(rng, DType.FLOAT64, 2, imageChannels, side, 2 * side, 3 * side);
        try (NoGrad scope = Autograd.noGrad()) {
            Tensor expected = net.forward(volume);
            Tensor actual = unet.forward(volume);
            assertEquals(expected.shape(), actual.shape());
            double scale = Math.max(1, expected.abs().max().item());
            for (int i = 0; i < expected.size(); i++) {
                assertEquals(expected.flatGet(i), actual.flatGet(i), 1e-10 * scale, "logit " + i);
            }
        }
    }
}
