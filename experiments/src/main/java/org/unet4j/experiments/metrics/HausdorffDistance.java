package org.unet4j.experiments.metrics;

import java.util.Arrays;

/**
 * Boundary distances between a predicted and a true mask, in pixels. The boundaries A (prediction) and B (truth) are
 * the foreground pixels with a background 4-neighbour or on the image border ({@link BinaryMask#boundary()}); the
 * directed distances are d(a, B) = min over b of |a - b| (Euclidean) for each a in A, and likewise d(b, A).
 *
 * <ul>
 *   <li>{@link #average}: the average Hausdorff distance (AHD), the symmetric mean of the two directed mean
 *       distances, (mean_a d(a, B) + mean_b d(b, A)) / 2.</li>
 *   <li>{@link #percentile95}: HD95, the 95th percentile of all directed distances of both sets together (nearest
 *       rank), a Hausdorff distance robust to a few outliers.</li>
 * </ul>
 *
 * <p>Empty-mask policy: both empty gives 0 (nothing to miss); exactly one empty gives the image diagonal
 * sqrt(H^2 + W^2), the largest distance possible, so that an average over images penalises a missed or an invented
 * object instead of skipping it.
 */
public final class HausdorffDistance {
    private HausdorffDistance() {
    }

    /** The average Hausdorff distance. */
    public static double average(BinaryMask prediction, BinaryMask truth) {
        double[][] d = directed(prediction, truth);
        if (d == null) {
            return emptyCase(prediction, truth);
        }
        return (mean(d[0]) + mean(d[1])) / 2;
    }

    /** The 95th-percentile Hausdorff distance. */
    public static double percentile95(BinaryMask prediction, BinaryMask truth) {
        double[][] d = directed(prediction, truth);
        if (d == null) {
            return emptyCase(prediction, truth);
        }
        double[] all = new double[d[0].length + d[1].length];
        System.arraycopy(d[0], 0, all, 0, d[0].length);
        System.arraycopy(d[1], 0, all, d[0].length, d[1].length);
        Arrays.sort(all);
        return all[Math.max(0, (int) Math.ceil(0.95 * all.length) - 1)];
    }

    /** The directed distances {d(a, B)} and {d(b, A)}, or null when a boundary is empty. */
    private static double[][] directed(BinaryMask prediction, BinaryMask truth) {
        prediction.requireSameSize(truth);
        int[] a = prediction.boundary();
        int[] b = truth.boundary();
        if (a.length == 0 || b.length == 0) {
            return null;
        }
        return new double[][] {nearest(a, b), nearest(b, a)};
    }

    private static double emptyCase(BinaryMask prediction, BinaryMask truth) {
        if (prediction.isEmpty() && truth.isEmpty()) {
            return 0;
        }
        return Math.hypot(truth.height(), truth.width());
    }

    /** For each point of {@code from}, the distance to the nearest point of {@code to}. */
    private static double[] nearest(int[] from, int[] to) {
        double[] out = new double[from.length / 2];
        for (int i = 0; i < out.length; i++) {
            long best = Long.MAX_VALUE;
            for (int j = 0; j < to.length; j += 2) {
                long dx = from[2 * i] - to[j];
                long dy = from[2 * i + 1] - to[j + 1];
                best = Math.min(best, dx * dx + dy * dy);
            }
            out[i] = Math.sqrt(best);
        }
        return out;
    }

    private static double mean(double[] values) {
        return Arrays.stream(values).average().orElseThrow();
    }
}
