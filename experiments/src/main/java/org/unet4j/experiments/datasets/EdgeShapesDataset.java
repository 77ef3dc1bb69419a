package org.unet4j.experiments.datasets;

import java.util.SplittableRandom;

/**
 * Piecewise-constant scenes with strong edges, the setting SoftCut's graph-cut regularisation is made for: a
 * background split into a few flat regions of low intensity, with up to {@code maxObjects} axis-aligned rectangles
 * and disks of high intensity on top, under heavy additive noise. The mask is the bright objects; the dim regions'
 * edges are distractors.
 */
public final class EdgeShapesDataset {
    private EdgeShapesDataset() {
    }

    /**
     * What to generate.
     *
     * @param count      samples, at least 1
     * @param size       image height and width, at least 16
     * @param maxObjects each image holds 1 to this many objects, at least 1
     * @param noise      standard deviation of the additive noise, at least 0
     * @param seed       the seed of every sample
     */
    public record Spec(int count, int size, int maxObjects, double noise, long seed) {
        /** Validates the fields. */
        public Spec {
            SyntheticImages.checkCommon("EdgeShapesDataset", count, size, 16, noise);
            if (maxObjects < 1) {
                throw new IllegalArgumentException("EdgeShapesDataset: maxObjects must be >= 1, got " + maxObjects);
            }
        }
    }

    /** The samples {@code spec} describes. */
    public static TensorDataset generate(Spec spec) {
        return SampleDrawer.generate((rng, image, mask, offset, size) -> draw(spec, rng, image, mask, offset, size),
                spec.count(), spec.size(), spec.seed());
    }

    private static void draw(Spec spec, SplittableRandom rng, float[] image, float[] mask, int offset, int size) {
        int splitX = 1 + rng.nextInt(size - 1);
        int splitY = 1 + rng.nextInt(size - 1);
        double[] regions = new double[4];
        for (int r = 0; r < regions.length; r++) {
            regions[r] = SyntheticImages.uniform(rng, 0, 0.35);
        }
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                image[offset + y * size + x] = (float) regions[(x < splitX ? 0 : 1) + (y < splitY ? 0 : 2)];
            }
        }
        int objects = 1 + rng.nextInt(spec.maxObjects());
        for (int o = 0; o < objects; o++) {
            double half = SyntheticImages.uniform(rng, size / 12.0 + 1, size / 5.0);
            double cx = SyntheticImages.uniform(rng, half, size - half);
            double cy = SyntheticImages.uniform(rng, half, size - half);
            boolean disk = rng.nextBoolean();
            double aspect = SyntheticImages.uniform(rng, 0.5, 1);
            double brightness = SyntheticImages.uniform(rng, 0.7, 1);
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    double dx = x + 0.5 - cx;
                    double dy = (y + 0.5 - cy) / aspect;
                    boolean inside = disk ? dx * dx + dy * dy <= half * half
                            : Math.abs(dx) <= half && Math.abs(dy) <= half;
                    if (inside) {
                        image[offset + y * size + x] = (float) brightness;
                        mask[offset + y * size + x] = 1;
                    }
                }
            }
        }
        SyntheticImages.addNoise(image, offset, size * size, spec.noise(), rng);
    }
}
