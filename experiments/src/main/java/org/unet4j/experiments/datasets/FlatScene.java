package org.unet4j.experiments.datasets;

import java.util.SplittableRandom;

/**
 * The piecewise-constant scenes of {@link EdgeShapesDataset} and {@link ShapeClassesDataset}. A dim background is
 * split at a random column (and, with {@code fourRegions}, at a random row too) into flat regions of intensity in
 * {@code [0, 0.35)}; on top, 1 to {@code maxObjects} bright objects of intensity in {@code [0.7, 1)}, each a
 * rectangle {@code |dx| <= h, |dy| <= a h} or a disk {@code dx^2 + (dy / a)^2 <= h^2} around a centre at least
 * {@code h} from the border, with half-width {@code h} in {@code [size / halfDivisor + 1, size / 5)} and aspect
 * {@code a} in {@code [0.5, 1)} when {@code elongated}, else 1. Later objects cover earlier ones; the mask holds each
 * object's label. Additive {@code N(0, noise^2)} noise comes last.
 *
 * @param fourRegions    split the background by a row as well as a column
 * @param halfDivisor    the smallest half-width is {@code size / halfDivisor + 1}
 * @param elongated      draw an aspect ratio per object
 * @param rectangleLabel the mask value of a rectangle
 * @param diskLabel      the mask value of a disk
 */
record FlatScene(boolean fourRegions, int halfDivisor, boolean elongated, float rectangleLabel, float diskLabel) {

    /** Draws scenes of 1 to {@code maxObjects} objects under noise of standard deviation {@code noise}. */
    SampleDrawer drawer(int maxObjects, double noise) {
        return (rng, image, mask, offset, size) -> draw(rng, image, mask, offset, size, maxObjects, noise);
    }

    private void draw(SplittableRandom rng, float[] image, float[] mask, int offset, int size, int maxObjects, double noise) {
        drawBackground(rng, image, offset, size);
        int objects = 1 + rng.nextInt(maxObjects);
        for (int o = 0; o < objects; o++) {
            double half = SyntheticImages.uniform(rng, size / (double) halfDivisor + 1, size / 5.0);
            double cx = SyntheticImages.uniform(rng, half, size - half);
            double cy = SyntheticImages.uniform(rng, half, size - half);
            boolean disk = rng.nextBoolean();
            double aspect = elongated ? SyntheticImages.uniform(rng, 0.5, 1) : 1;
            double brightness = SyntheticImages.uniform(rng, 0.7, 1);
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    double dx = x + 0.5 - cx;
                    double dy = (y + 0.5 - cy) / aspect;
                    boolean inside = disk ? dx * dx + dy * dy <= half * half
                            : Math.abs(dx) <= half && Math.abs(dy) <= half;
                    if (inside) {
                        image[offset + y * size + x] = (float) brightness;
                        mask[offset + y * size + x] = disk ? diskLabel : rectangleLabel;
                    }
                }
            }
        }
        SyntheticImages.addNoise(image, offset, size * size, noise, rng);
    }

    private void drawBackground(SplittableRandom rng, float[] image, int offset, int size) {
        int splitX = 1 + rng.nextInt(size - 1);
        int splitY = fourRegions ? 1 + rng.nextInt(size - 1) : size;
        double[] regions = new double[fourRegions ? 4 : 2];
        for (int r = 0; r < regions.length; r++) {
            regions[r] = SyntheticImages.uniform(rng, 0, 0.35);
        }
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                image[offset + y * size + x] = (float) regions[(x < splitX ? 0 : 1) + (y < splitY ? 0 : 2)];
            }
        }
    }
}
