package org.unet4j.experiments.datasets;

import java.util.SplittableRandom;

/**
 * Generated "cells", a stand-in for the Data Science Bowl 2018 nuclei: up to {@code maxCells} bright ellipses of
 * varied size, elongation, orientation and brightness, each with an inner texture, on a dim textured background,
 * blurred (the optics) and with additive Gaussian noise. The mask is the union of the ellipses (pixel centres).
 *
 * <pre>{@code
 * TensorDataset cells = CellsDataset.generate(new CellsDataset.Spec(64, 64, 8, 1.0, 0.05, 7));
 * }</pre>
 */
public final class CellsDataset {
    private CellsDataset() {
    }

    /**
     * What to generate.
     *
     * @param count    samples, at least 1
     * @param size     image height and width, at least 16
     * @param maxCells each image holds 1 to this many cells, at least 1
     * @param blur     standard deviation of the Gaussian blur in pixels, at least 0
     * @param noise    standard deviation of the additive noise, at least 0
     * @param seed     the seed of every sample
     */
    public record Spec(int count, int size, int maxCells, double blur, double noise, long seed) {
        /** Validates the fields. */
        public Spec {
            SyntheticImages.checkCommon("CellsDataset", count, size, 16, noise);
            if (maxCells < 1 || !(blur >= 0)) {
                throw new IllegalArgumentException("CellsDataset: maxCells must be >= 1 and blur >= 0, got "
                        + maxCells + " and " + blur);
            }
        }
    }

    /** The samples {@code spec} describes. */
    public static TensorDataset generate(Spec spec) {
        return SampleDrawer.generate((rng, image, mask, offset, size) -> draw(spec, rng, image, mask, offset, size),
                spec.count(), spec.size(), spec.seed());
    }

    private static void draw(Spec spec, SplittableRandom rng, float[] image, float[] mask, int offset, int size) {
        SyntheticImages.Texture background = new SyntheticImages.Texture(rng, 3, 0.3, 0.05);
        double level = SyntheticImages.uniform(rng, 0.05, 0.2);
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                image[offset + y * size + x] = (float) (level + background.at(x, y));
            }
        }
        int cells = 1 + rng.nextInt(spec.maxCells());
        for (int c = 0; c < cells; c++) {
            double a = SyntheticImages.uniform(rng, size / 20.0 + 1.5, size / 8.0 + 2);
            double b = a * SyntheticImages.uniform(rng, 0.55, 1);
            double cx = SyntheticImages.uniform(rng, a, size - a);
            double cy = SyntheticImages.uniform(rng, a, size - a);
            double angle = SyntheticImages.uniform(rng, 0, Math.PI);
            double cos = Math.cos(angle);
            double sin = Math.sin(angle);
            double brightness = SyntheticImages.uniform(rng, 0.45, 0.9);
            SyntheticImages.Texture inner = new SyntheticImages.Texture(rng, 4, 1.2, 0.15);
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    double u = ((x + 0.5 - cx) * cos + (y + 0.5 - cy) * sin) / a;
                    double v = (-(x + 0.5 - cx) * sin + (y + 0.5 - cy) * cos) / b;
                    if (u * u + v * v <= 1) {
                        image[offset + y * size + x] = (float) (brightness + inner.at(x, y));
                        mask[offset + y * size + x] = 1;
                    }
                }
            }
        }
        SyntheticImages.blur(image, offset, size, size, spec.blur());
        SyntheticImages.addNoise(image, offset, size * size, spec.noise(), rng);
    }
}
