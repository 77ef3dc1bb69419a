package org.unet4j.experiments.datasets;

import java.util.SplittableRandom;

/**
 * Generated thin curvilinear "vessels", a stand-in for retinal images such as STARE: a bright, smoothly shaded
 * background crossed by dark curves of width 1 to {@code maxWidth} pixels that wander with smoothly changing
 * direction and branch, slightly blurred, with additive noise. The mask is every pixel whose centre lies within half a
 * width of a curve.
 */
public final class VesselsDataset {
    private static final double STEP = 0.5;

    private VesselsDataset() {
    }

    /**
     * What to generate.
     *
     * @param count    samples, at least 1
     * @param size     image height and width, at least 16
     * @param vessels  curves started per image (each may branch once), at least 1
     * @param maxWidth the widest vessel in pixels, at least 1
     * @param noise    standard deviation of the additive noise, at least 0
     * @param seed     the seed of every sample
     */
    public record Spec(int count, int size, int vessels, double maxWidth, double noise, long seed) {
        /** Validates the fields. */
        public Spec {
            SyntheticImages.checkCommon("VesselsDataset", count, size, 16, noise);
            if (vessels < 1 || !(maxWidth >= 1)) {
                throw new IllegalArgumentException("VesselsDataset: vessels must be >= 1 and maxWidth >= 1, got "
                        + vessels + " and " + maxWidth);
            }
        }
    }

    /** The samples {@code spec} describes. */
    public static TensorDataset generate(Spec spec) {
        return SampleDrawer.generate((rng, image, mask, offset, size) -> draw(spec, rng, image, mask, offset, size),
                spec.count(), spec.size(), spec.seed());
    }

    private static void draw(Spec spec, SplittableRandom rng, float[] image, float[] mask, int offset, int size) {
        SyntheticImages.Texture shading = new SyntheticImages.Texture(rng, 2, 0.08, 0.15);
        double level = SyntheticImages.uniform(rng, 0.55, 0.75);
        double contrast = SyntheticImages.uniform(rng, 0.2, 0.35);
        for (int v = 0; v < spec.vessels(); v++) {
            double width = SyntheticImages.uniform(rng, 1, spec.maxWidth());
            double x = SyntheticImages.uniform(rng, 0, size);
            double y = SyntheticImages.uniform(rng, 0, size);
            double direction = SyntheticImages.uniform(rng, 0, 2 * Math.PI);
            trace(rng, mask, offset, size, x, y, direction, width, true);
        }
        for (int yy = 0; yy < size; yy++) {
            for (int xx = 0; xx < size; xx++) {
                int p = offset + yy * size + xx;
                image[p] = (float) (level + shading.at(xx, yy) - contrast * mask[p]);
            }
        }
        SyntheticImages.blur(image, offset, size, size, 0.6);
        SyntheticImages.addNoise(image, offset, size * size, spec.noise(), rng);
    }

    /** Walks a curve from (x, y) until it leaves the image, painting its disk of {@code width} into the mask. */
    private static void trace(SplittableRandom rng, float[] mask, int offset, int size, double x, double y,
            double direction, double width, boolean mayBranch) {
        double turn = 0;
        int maxSteps = (int) (4 * size / STEP);
        int branchAt = mayBranch ? 20 + rng.nextInt(Math.max(1, maxSteps / 4)) : -1;
        for (int step = 0; step < maxSteps && x >= -1 && y >= -1 && x <= size + 1 && y <= size + 1; step++) {
            paintDisk(mask, offset, size, x, y, width / 2);
            turn = 0.9 * turn + 0.04 * SyntheticImages.gaussian(rng);
            direction += turn;
            x += STEP * Math.cos(direction);
            y += STEP * Math.sin(direction);
            if (step == branchAt) {
                double side = rng.nextBoolean() ? 1 : -1;
                trace(rng, mask, offset, size, x, y, direction + side * SyntheticImages.uniform(rng, 0.4, 1.0),
                        Math.max(1, 0.7 * width), false);
            }
        }
    }

    private static void paintDisk(float[] mask, int offset, int size, double cx, double cy, double radius) {
        double r = Math.max(radius, 0.5);
        for (int y = (int) Math.max(0, Math.floor(cy - r)); y <= Math.min(size - 1, Math.ceil(cy + r)); y++) {
            for (int x = (int) Math.max(0, Math.floor(cx - r)); x <= Math.min(size - 1, Math.ceil(cx + r)); x++) {
                double dx = x + 0.5 - cx;
                double dy = y + 0.5 - cy;
                if (dx * dx + dy * dy <= r * r) {
                    mask[offset + y * size + x] = 1;
                }
            }
        }
    }
}
