package org.unet4j.proofs.splitting;

import java.util.Arrays;

/** The observed order of convergence: the least-squares slope of {@code log(error)} against {@code log(dt)}. */
final class ConvergenceOrder {
    private ConvergenceOrder() {
    }

    static double slope(double horizon, int[] stepCounts, double[] errors) {
        int m = stepCounts.length;
        double meanX = 0;
        double meanY = 0;
        for (int k = 0; k < m; k++) {
            meanX += Math.log(horizon / stepCounts[k]) / m;
            meanY += Math.log(errors[k]) / m;
        }
        double sxy = 0;
        double sxx = 0;
        for (int k = 0; k < m; k++) {
            double dx = Math.log(horizon / stepCounts[k]) - meanX;
            sxy += dx * (Math.log(errors[k]) - meanY);
            sxx += dx * dx;
        }
        return sxy / sxx;
    }

    static double maxDifference(double[] a, double[] b) {
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }

    static String describe(int[] stepCounts, double[] errors) {
        return "steps " + Arrays.toString(stepCounts) + ", errors " + Arrays.toString(errors);
    }
}
