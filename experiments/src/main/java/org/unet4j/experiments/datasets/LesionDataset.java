package org.unet4j.experiments.datasets;

import java.util.SplittableRandom;

/**
 * Generated single lesions, a stand-in for skin-lesion (ISIC) and breast-ultrasound (BUSI) images: one irregular
 * blob, its radius a sum of a few harmonics of the angle, darker than a textured background by a contrast drawn from
 * {@code [minContrast, maxContrast]} (low contrasts make hard cases), with soft edges and noise. The mask is the blob.
 */
public final class LesionDataset {
    private LesionDataset() {
    }

    /**
     * What to generate.
     *
     * @param count       samples, at least 1
     * @param size        image height and width, at least 16
     * @param minContrast the lowest lesion contrast, in (0, 1]
     * @param maxContrast the highest, at least {@code minContrast}, at most 1
     * @param noise       standard deviation of the additive noise, at least 0
     * @param seed        the seed of every sample
     */
    public record Spec(int count, int size, double minContrast, double maxContrast, double noise, long seed) {
        /** Validates the fields. */
        public Spec {
            SyntheticImages.checkCommon("LesionDataset", count, size, 16, noise);
            if (!(minContrast > 0 && minContrast <= maxContrast && maxContrast <= 1)) {
                throw new IllegalArgumentException("LesionDataset: need 0 < minContrast <= maxContrast <= 1, got "
                        + minContrast + " and " + maxContrast);
            }
        }
    }

    /** The samples {@code spec} describes. */
    public static TensorDataset generate(Spec spec) {
        return SampleDrawer.generate((rng, image, mask, offset, size) -> draw(spec, rng, image, mask, offset, size),
                spec.count(), spec.size(), spec.seed());
    }

    private static void draw(Spec spec, SplittableRandom rng, float[] image, float[] mask, int offset, int size) {
        SyntheticImages.Texture skin = new SyntheticImages.Texture(rng, 4, 0.5, 0.08);
        double level = SyntheticImages.uniform(rng, 0.6, 0.85);
        double contrast = SyntheticImages.uniform(rng, spec.minContrast(), spec.maxContrast()) * level;
        double r0 = SyntheticImages.uniform(rng, size / 6.0, size / 3.2);
        double cx = SyntheticImages.uniform(rng, size / 2.0 - size / 8.0, size / 2.0 + size / 8.0);
        double cy = SyntheticImages.uniform(rng, size / 2.0 - size / 8.0, size / 2.0 + size / 8.0);
        double[] amplitude = new double[4];
        double[] phase = new double[4];
        for (int k = 0; k < amplitude.length; k++) {
            amplitude[k] = SyntheticImages.uniform(rng, 0, 0.18 / (k + 1));
            phase[k] = SyntheticImages.uniform(rng, 0, 2 * Math.PI);
        }
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                double dx = x + 0.5 - cx;
                double dy = y + 0.5 - cy;
                double theta = Math.atan2(dy, dx);
                double radius = r0;
                for (int k = 0; k < amplitude.length; k++) {
                    radius += r0 * amplitude[k] * Math.cos((k + 2) * theta + phase[k]);
                }
                boolean inside = Math.hypot(dx, dy) <= radius;
                mask[offset + y * size + x] = inside ? 1 : 0;
                image[offset + y * size + x] = (float) (level + skin.at(x, y) - (inside ? contrast : 0));
            }
        }
        SyntheticImages.blur(image, offset, size, size, 1.2);
        SyntheticImages.addNoise(image, offset, size * size, spec.noise(), rng);
    }
}
