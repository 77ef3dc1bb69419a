package org.unet4j.proofs.equivariance;

import java.util.ArrayList;
import java.util.List;
import org.unet4j.layers.topology.UNetGeometry;

/**
 * What the capacity tests ({@link AtMostFdlSameLookingInstancesTest}, {@link AtMostF1lF2lF3lSameLookingInstancesTest})
 * share about a lattice of same-looking objects along one axis and the embeddings a net gives their central pixels.
 */
final class ObjectLattices {
    private ObjectLattices() {
    }

    /** Largest absolute difference of two embeddings. */
    static double distance(double[] a, double[] b) {
        double max = 0;
        for (int c = 0; c < a.length; c++) {
            max = Math.max(max, Math.abs(a[c] - b[c]));
        }
        return max;
    }

    /**
     * Whether the output of an input of side {@code side} holds the central pixels of {@code perAxis} objects of
     * spacing {@code spacing} (centre offset {@code centre}) along one axis of geometry {@code g}.
     */
    static boolean fits(UNetGeometry g, int side, int perAxis, int spacing, int centre) {
        int out = g.outputSize(side).orElse(0);
        return out > 0 && firstObject(side, out, spacing, centre) + (perAxis - 1) * spacing + centre
                - (side - out) / 2 < out;
    }

    /** Input coordinate of the first object cell whose central pixel lies in the output window. */
    static int firstObject(int side, int out, int spacing, int centre) {
        int margin = (side - out) / 2;
        int k = 0;
        while (k * spacing + centre < margin) {
            k++;
        }
        return k * spacing;
    }

    /** The number of embeddings that differ pairwise by more than {@code tolerance} (greedy classes). */
    static int distinct(List<double[]> embeddings, double tolerance) {
        List<double[]> classes = new ArrayList<>();
        for (double[] e : embeddings) {
            if (classes.stream().noneMatch(c -> distance(c, e) <= tolerance)) {
                classes.add(e);
            }
        }
        return classes.size();
    }

    /** The largest absolute embedding entry, at least 1: the scale relative tolerances refer to. */
    static double scale(List<double[]> embeddings) {
        double max = 1;
        for (double[] e : embeddings) {
            for (double x : e) {
                max = Math.max(max, Math.abs(x));
            }
        }
        return max;
    }
}
