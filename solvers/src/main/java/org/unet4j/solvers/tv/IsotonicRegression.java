package org.unet4j.solvers.tv;

/**
 * Least-squares isotonic regression, {@code argmin_z sum_i (z_i - y_i)^2} subject to {@code z_0 <= z_1 <= ...},
 * by the pool-adjacent-violators algorithm (Best and Chakravarti, <i>Active set algorithms for isotonic
 * regression</i>, Math. Programming 47, 1990): blocks of equal value are merged while a block's mean exceeds its
 * successor's; each block's value is the mean of its samples. Exact, {@code O(n)}.
 */
public final class IsotonicRegression {
    private IsotonicRegression() {
    }

    /** The non-decreasing least-squares fit of {@code y}; {@code y} is unchanged. */
    public static double[] fit(double[] y) {
        int n = y.length;
        double[] sum = new double[n];
        int[] count = new int[n];
        int blocks = 0;
        for (double v : y) {
            sum[blocks] = v;
            count[blocks] = 1;
            blocks++;
            while (blocks > 1 && sum[blocks - 2] / count[blocks - 2] > sum[blocks - 1] / count[blocks - 1]) {
                sum[blocks - 2] += sum[blocks - 1];
                count[blocks - 2] += count[blocks - 1];
                blocks--;
            }
        }
        double[] z = new double[n];
        int i = 0;
        for (int b = 0; b < blocks; b++) {
            double mean = sum[b] / count[b];
            for (int c = 0; c < count[b]; c++) {
                z[i++] = mean;
            }
        }
        return z;
    }
}
