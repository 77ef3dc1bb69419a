package org.unet4j.layers.equivariance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.unet4j.autodiff.Tensor;

class MeanShiftTest {

    @Test
    void findsThreeBlobsAndLabelsEachPointByItsBlob() {
        SplittableRandom rng = new SplittableRandom(5);
        double[][] centres = {{0, 0, 0}, {6, 0, 0}, {0, 6, 3}};
        double[][] points = new double[300][3];
        for (int i = 0; i < points.length; i++) {
            for (int k = 0; k < 3; k++) {
                points[i][k] = centres[i % 3][k] + 0.3 * rng.nextGaussian();
            }
        }
        MeanShift.Result r = MeanShift.withBandwidth(1.0).cluster(points);
        assertEquals(3, r.clusters());
        for (int i = 3; i < points.length; i++) {
            assertEquals(r.labels()[i % 3], r.labels()[i]);
        }
        assertNotEquals(r.labels()[0], r.labels()[1]);
        assertNotEquals(r.labels()[1], r.labels()[2]);
        assertNotEquals(r.labels()[0], r.labels()[2]);
    }

    @Test
    void aBandwidthWiderThanTheBlobsMergesThem() {
        double[][] points = {{0}, {0.1}, {1}, {1.1}};
        assertEquals(2, MeanShift.withBandwidth(0.2).cluster(points).clusters());
        assertEquals(1, MeanShift.withBandwidth(5).cluster(points).clusters());
    }

    @Test
    void labelsOfAnEmbeddingImage() {
        double[] e = {0, 0, 5, 5, 0, 0, 0, 0};
        int[] labels = MeanShift.withBandwidth(1).maxSeeds(10).eps(1e-6).maxIterations(50)
                .labels(Tensor.wrap(e, 2, 2, 2));
        assertEquals(labels[0], labels[1]);
        assertEquals(labels[2], labels[3]);
        assertNotEquals(labels[0], labels[2]);
    }

    @Test
    void invalidOptionsFail() {
        assertThrows(IllegalArgumentException.class, () -> MeanShift.withBandwidth(0));
        assertThrows(IllegalArgumentException.class, () -> MeanShift.withBandwidth(1).maxSeeds(0));
        assertThrows(IllegalArgumentException.class, () -> MeanShift.withBandwidth(1).cluster(new double[0][]));
    }
}
