package org.unet4j.experiments.datasets;

/**
 * Piecewise-constant scenes with strong edges, the setting SoftCut's graph-cut regularisation is made for: a
 * background split into a few flat regions of low intensity, with up to {@code maxObjects} axis-aligned rectangles
 * and disks of high intensity on top, under heavy additive noise. The mask is the bright objects; the dim regions'
 * edges are distractors.
 */
public final class EdgeShapesDataset {
    /** Four background regions; half-widths from size / 12 + 1, elongated; every object labelled 1. */
    private static final FlatScene SCENE = new FlatScene(true, 12, true, 1, 1);

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
        return SampleDrawer.generate(SCENE.drawer(spec.maxObjects(), spec.noise()), spec.count(), spec.size(),
                spec.seed());
    }
}
