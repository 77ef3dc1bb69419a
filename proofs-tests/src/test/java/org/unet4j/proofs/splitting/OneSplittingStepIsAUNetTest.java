package org.unet4j.proofs.splitting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.unet4j.autodiff.Autograd;
import org.unet4j.autodiff.DType;
import org.unet4j.autodiff.NoGrad;
import org.unet4j.autodiff.Tensor;
import org.unet4j.layers.Buffer;
import org.unet4j.layers.Parameter;
import org.unet4j.layers.splitting.HybridSplittingNet;
import org.unet4j.layers.splitting.SplittingActivation;
import org.unet4j.layers.splitting.UNetFromSplitting;
import org.unet4j.layers.unet.UNet;

/**
 * X.-C. Tai, H. Liu, R. H. Chan, L. Li, "A Mathematical Explanation of UNet" (2024), Section 3, and Tai, Liu, Chan,
 * "PottsMGNet" (2024): one time step of the multigrid hybrid splitting for the Potts control problem is a U-Net.
 *
 * <p><b>Statement.</b> For a {@link HybridSplittingNet} with N = 1 (initial condition, one V-cycle with additive
 * multigrid corrections, STD step), the {@link UNet} that {@link UNetFromSplitting#convert} builds with
 * {@code UNet.builder()} (a convolutional stem, image-fed blocks of Conv2d, BatchNorm2d and sigmoid, ReLU or identity,
 * max pooling of features and image, nearest up-sampling, skip corrections a y + b s, a two-convolution head)
 * computes the same logits: the explicit parallel step's channel mean is a centre-tap convolution, the entropic
 * step's scaling folds into the affine map in front of the sigmoid, and the STD step is two linear convolutions.
 *
 * <p><b>Check.</b> jqwik draws the levels (1 to 3), the channels per level (1 to 3 each), the layers per level, the
 * sub-step (sigmoid, ReLU, none), batch norm on or off, training or evaluation mode, tau, eps, lambda and sigma; all
 * parameters and running statistics are randomised. In float64 both networks must agree on two random images to
 * 1e-10 relative to the largest logit.
 */
class OneSplittingStepIsAUNetTest {

    @Property(tries = 12, edgeCases = EdgeCasesMode.NONE)
    void theUNetComputesTheSplittingStep(@ForAll @IntRange(min = 1, max = 3) int levels,
            @ForAll @IntRange(min = 1, max = 2) int layers, @ForAll @IntRange(min = 0, max = 2) int activation,
            @ForAll boolean batchNorm, @ForAll boolean training, @ForAll @LongRange(min = 0, max = 1000) long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int[] channels = new int[levels];
        for (int l = 0; l < levels; l++) {
            channels[l] = 1 + rng.nextInt(3);
        }
        HybridSplittingNet net = HybridSplittingNet.builder().inChannels(1 + rng.nextInt(2)).channels(channels)
                .layersPerLevel(layers).blocks(1).tau(0.2 + rng.nextDouble()).eps(0.5 + rng.nextDouble())
                .lambda(2 * rng.nextDouble()).sigma(0.5 + rng.nextDouble())
                .activation(SplittingActivation.values()[activation]).batchNorm(batchNorm).seed(seed).build();
        net.to(DType.FLOAT64);
        randomise(net, rng);
        net.train(training);
        UNet unet = UNetFromSplitting.convert(net);
        assertEquals(training, unet.isTraining());
        int size = 2 << (levels - 1);
        int imageChannels = net.initial().parameters().get(0).shape().dim(1);
        Tensor image = Tensor.randn(rng, DType.FLOAT64, 2, imageChannels, size, size);
        try (NoGrad scope = Autograd.noGrad()) {
            Tensor expected = net.forward(image);
            Tensor actual = unet.forward(image);
            assertEquals(expected.shape(), actual.shape());
            double scale = 0;
            for (int i = 0; i < expected.size(); i++) {
                scale = Math.max(scale, Math.abs(expected.flatGet(i)));
            }
            for (int i = 0; i < expected.size(); i++) {
                assertEquals(expected.flatGet(i), actual.flatGet(i), 1e-10 * Math.max(1, scale), "logit " + i);
            }
        }
    }

    @Example
    void moreThanOneTimeStepIsRejected() {
        HybridSplittingNet net = HybridSplittingNet.builder().blocks(2).build();
        assertThrows(IllegalArgumentException.class, () -> UNetFromSplitting.convert(net));
    }

    /** Random parameters (weights, BN affine maps, skip weights) and positive running variances. */
    static void randomise(HybridSplittingNet net, SplittableRandom rng) {
        try (NoGrad scope = Autograd.noGrad()) {
            for (Parameter p : net.parameters()) {
                Tensor t = p.tensor();
                for (int i = 0; i < t.size(); i++) {
                    t.flatSet(i, 0.5 * rng.nextGaussian());
                }
            }
            net.namedBuffers().forEach((name, b) -> randomiseBuffer(name, b, rng));
        }
    }

    private static void randomiseBuffer(String name, Buffer b, SplittableRandom rng) {
        if (name.endsWith("running_mean") || name.endsWith("running_var")) {
            Tensor t = b.tensor();
            for (int i = 0; i < t.size(); i++) {
                t.flatSet(i, name.endsWith("running_var") ? 0.5 + rng.nextDouble() : 0.3 * rng.nextGaussian());
            }
        }
    }
}
