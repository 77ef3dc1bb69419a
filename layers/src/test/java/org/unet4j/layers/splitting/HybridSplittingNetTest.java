package org.unet4j.layers.splitting;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.unet4j.autodiff.DType;
import org.unet4j.autodiff.GradCheck;
import org.unet4j.autodiff.Losses;
import org.unet4j.autodiff.Tensor;
import org.unet4j.layers.ModuleGradients;
import org.unet4j.layers.optim.Adam;

/** Shapes, gradients, printing and a training sanity check of {@link HybridSplittingNet}. */
class HybridSplittingNetTest {
    @Test
    void logitsHaveTheImageSizeForEveryLevelCount() {
        SplittableRandom rng = new SplittableRandom(4);
        for (int levels = 1; levels <= 3; levels++) {
            HybridSplittingNet net = HybridSplittingNet.builder().inChannels(2).channels(2).levels(levels).blocks(2)
                    .layersPerLevel(2).build();
            Tensor logits = net.forward(Tensor.randn(rng, 3, 2, 8, 12));
            assertArrayEquals(new int[] {3, 1, 8, 12}, logits.shape().dims());
        }
    }

    @Test
    void rejectsSizesThatTheLevelsCannotHalve() {
        HybridSplittingNet net = HybridSplittingNet.builder().levels(3).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> net.forward(Tensor.zeros(1, 1, 10, 8)));
        assertTrue(e.getMessage().contains("multiples of 4"), e.getMessage());
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        HybridSplittingNet net = HybridSplittingNet.builder().channels(2, 2).layersPerLevel(1).blocks(1).seed(3)
                .build();
        Tensor image = Tensor.randn(new SplittableRandom(5), DType.FLOAT64, 2, 1, 4, 4);
        ModuleGradients.assertGradientsMatch(net, image, GradCheck.withDefaults().tolerance(1e-6, 1e-4));
    }

    @Test
    void printsWhichSubStepEachLayerIs() {
        String tree = HybridSplittingNet.builder().channels(2, 2).blocks(1).activation(SplittingActivation.RELU)
                .build().toString();
        for (String part : new String[] {"one time step = one V-cycle", "explicit parallel step",
                "projection onto v >= 0", "multigrid correction", "soft threshold dynamics"}) {
            assertTrue(tree.contains(part), "missing '" + part + "' in\n" + tree);
        }
        assertTrue(HybridSplittingNet.builder().build().toString().contains("implicit entropy step"));
    }

    @Test
    void lossFallsWhenFittingSyntheticDiscs() {
        Tensor[] data = discs(4, 16);
        HybridSplittingNet net = HybridSplittingNet.builder().channels(4, 8).layersPerLevel(1).blocks(1).seed(1)
                .build();
        Adam adam = new Adam(net.parameters(), 2e-2);
        double first = Double.NaN;
        double last = Double.NaN;
        int step = 0;
        while (step < 120 && !(last <= first / 5)) {
            net.zeroGrad();
            Tensor loss = Losses.bceWithLogits(net.forward(data[0]), data[1]);
            loss.backward();
            adam.step();
            last = loss.item();
            if (step == 0) {
                first = last;
            }
            step++;
        }
        assertTrue(last <= first / 5, "loss " + first + " -> " + last + " after " + step + " steps");
    }

    /** {@code count} noisy discs of random centre and radius with their masks. */
    static Tensor[] discs(int count, int size) {
        SplittableRandom rng = new SplittableRandom(17);
        Tensor x = Tensor.zeros(count, 1, size, size);
        Tensor y = Tensor.zeros(count, 1, size, size);
        for (int n = 0; n < count; n++) {
            int ci = size / 4 + rng.nextInt(size / 2);
            int cj = size / 4 + rng.nextInt(size / 2);
            int r = 2 + rng.nextInt(size / 4);
            for (int i = 0; i < size; i++) {
                for (int j = 0; j < size; j++) {
                    boolean in = (i - ci) * (i - ci) + (j - cj) * (j - cj) <= r * r;
                    y.set(in ? 1 : 0, n, 0, i, j);
                    x.set((in ? 1 : -1) + 0.3 * rng.nextGaussian(), n, 0, i, j);
                }
            }
        }
        return new Tensor[] {x, y};
    }
}
