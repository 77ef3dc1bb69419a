package org.unet4j.experiments.datasets;

import java.util.SplittableRandom;

/**
 * Disks of a fixed radius on a square lattice, the test pattern of the shift-equivariance experiments: with an
 * image of 220 pixels and radius 5, a spacing of 16 (a multiple of 2^4) keeps a 4-level U-Net's output periodic, while
 * a spacing of 15 does not. Each sample shifts the lattice by a random offset in {@code [0, spacing)^2} (or not at
 * all when {@code randomOffset} is false); disk brightness is 1 on a 0 background, plus optional noise. The mask is
 * the disks.
 */
public final class PeriodicDisksDataset {
    private PeriodicDisksDataset() {
    }

    /**
     * What to generate.
     *
     * @param count        samples, at least 1
     * @param size         image height and width, at least 8
     * @param spacing      lattice period in pixels, more than twice the radius
     * @param radius       disk radius in pixels, positive
     * @param randomOffset shift each sample's lattice by a random offset
     * @param noise        standard deviation of the additive noise, at least 0
     * @param seed         the seed of every sample
     */
    public record Spec(int count, int size, int spacing, double radius, boolean randomOffset, double noise,
            long seed) {
        /** Validates the fields. */
        public Spec {
            SyntheticImages.checkCommon("PeriodicDisksDataset", count, size, 8, noise);
            if (!(radius > 0) || spacing <= 2 * radius) {
                throw new IllegalArgumentException("PeriodicDisksDataset: need radius > 0 and spacing > 2 radius so"
                        + " disks do not touch, got radius " + radius + ", spacing " + spacing);
            }
        }

        /** The equivariance paper's case: 220 x 220 images, radius 5, the given spacing (16 or 15). */
        public static Spec paper(int count, int spacing, long seed) {
            return new Spec(count, 220, spacing, 5, true, 0, seed);
        }
    }

    /** The samples {@code spec} describes. */
    public static TensorDataset generate(Spec spec) {
        return SampleDrawer.generate((rng, image, mask, offset, size) -> draw(spec, rng, image, mask, offset, size),
                spec.count(), spec.size(), spec.seed());
    }

    private static void draw(Spec spec, SplittableRandom rng, float[] image, float[] mask, int offset, int size) {
        int s = spec.spacing();
        double ox = spec.randomOffset() ? rng.nextInt(s) : 0;
        double oy = spec.randomOffset() ? rng.nextInt(s) : 0;
        double centre = s / 2.0;
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                double dx = Math.floorMod((int) Math.floor(x - ox), s) + 0.5 - centre;
                double dy = Math.floorMod((int) Math.floor(y - oy), s) + 0.5 - centre;
                boolean inside = dx * dx + dy * dy <= spec.radius() * spec.radius();
                mask[offset + y * size + x] = inside ? 1 : 0;
                image[offset + y * size + x] = inside ? 1 : 0;
            }
        }
        SyntheticImages.addNoise(image, offset, size * size, spec.noise(), rng);
    }
}
