package org.unet4j.experiments.datasets;

/**
 * A three-class stand-in for the SoftCut thesis's multiclass data (Experiment 10): noisy scenes of axis-aligned
 * rectangles (class 1) and disks (class 2) of the same brightness range on a background (class 0) split into a few
 * dim flat regions. The classes differ only in shape, so a pixel's class is not readable from its neighbourhood
 * alone. Masks hold the class index of each pixel; later objects cover earlier ones.
 */
public final class ShapeClassesDataset {
    /** The number of classes, background included. */
    public static final int CLASSES = 3;

    /** Two background regions; half-widths from size / 10 + 1; rectangles class 1, disks class 2. */
    private static final FlatScene SCENE = new FlatScene(false, 10, false, 1, 2);

    private ShapeClassesDataset() {
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
            SyntheticImages.checkCommon("ShapeClassesDataset", count, size, 16, noise);
            if (maxObjects < 1) {
                throw new IllegalArgumentException("ShapeClassesDataset: maxObjects must be >= 1, got " + maxObjects);
            }
        }
    }

    /** The samples {@code spec} describes: images N x 1 x size x size, masks of class indices alike. */
    public static TensorDataset generate(Spec spec) {
        return SampleDrawer.generate(SCENE.drawer(spec.maxObjects(), spec.noise()), spec.count(), spec.size(),
                spec.seed());
    }
}
