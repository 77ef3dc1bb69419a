package org.unet4j.experiments.datasets;

import java.util.SplittableRandom;

import org.unet4j.autodiff.Tensor;

/**
 * Draws one single-channel sample of a synthetic dataset into row-major {@code image} and {@code mask} planes.
 * {@link #generate} draws sample {@code i} from the {@code i}-th generator split from the seed, so sample {@code i}
 * depends only on the seed and {@code i}.
 */
@FunctionalInterface
interface SampleDrawer {
    /** Draws one sample into the planes at {@code offset}, of {@code size x size} pixels. */
    void draw(SplittableRandom rng, float[] image, float[] mask, int offset, int size);

    /** {@code count} samples of {@code size x size} pixels as images N x 1 x size x size and masks alike. */
    static TensorDataset generate(SampleDrawer drawer, int count, int size, long seed) {
        int pixels = size * size;
        float[] image = new float[count * pixels];
        float[] mask = new float[count * pixels];
        SplittableRandom root = new SplittableRandom(seed);
        for (int i = 0; i < count; i++) {
            drawer.draw(root.split(), image, mask, i * pixels, size);
        }
        return new TensorDataset(Tensor.wrap(image, count, 1, size, size), Tensor.wrap(mask, count, 1, size, size));
    }
}
