package org.unet4j.solvers.linear;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.unet4j.autodiff.parallel.Parallel;

/**
 * {@link DenseFront#partialCholesky} on random symmetric positive definite fronts ({@code m} up to 400, so several
 * panels and the trailing update split over the pool are reached) leaves {@code [L11; L21]} and
 * {@code F22 - L21 L21^T} as the textbook column-by-column Cholesky computes them, and the same bits on one thread
 * as on two.
 */
class DenseFrontMatchesTextbookCholeskyProperties {

    @Property(tries = 30)
    void partialFactorisationIsTheTextbookOne(@ForAll @IntRange(min = 1, max = 400) int m,
            @ForAll @IntRange(min = 0, max = 1000) int kPerMille, @ForAll long seed) {
        int k = Math.max(1, (int) ((long) m * kPerMille / 1000));
        double[] front = randomSpd(m, seed);
        double[] expected = textbook(front, m, k);
        double[] actual = front.clone();
        DenseFront.partialCholesky(actual, m, k, 0, m);
        double scale = 0;
        for (double v : expected) {
            scale = Math.max(scale, Math.abs(v));
        }
        for (int c = 0; c < m; c++) {
            for (int r = c; r < m; r++) {
                double e = expected[c * m + r];
                double a = actual[c * m + r];
                assertTrue(Math.abs(a - e) <= 1e-12 * scale, "F[" + r + ", " + c + "] = " + a + ", expected " + e
                        + " (m = " + m + ", k = " + k + ")");
            }
        }
    }

    @Property(tries = 10)
    void oneThreadAndTwoGiveTheSameBits(@ForAll @IntRange(min = 300, max = 420) int m, @ForAll long seed) {
        double[] front = randomSpd(m, seed);
        int k = m / 3;
        double[] one = front.clone();
        double[] two = front.clone();
        Parallel.withThreads(1, () -> {
            DenseFront.partialCholesky(one, m, k, 0, m);
            return null;
        });
        Parallel.withThreads(2, () -> {
            DenseFront.partialCholesky(two, m, k, 0, m);
            return null;
        });
        assertArrayEquals(lowerTriangle(one, m), lowerTriangle(two, m), 0.0);
    }

    /** {@code B B^T / m + I} with {@code B} Gaussian, column-major, both triangles. */
    private static double[] randomSpd(int m, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] b = new double[m * m];
        for (int i = 0; i < b.length; i++) {
            b[i] = random.nextGaussian();
        }
        double[] f = new double[m * m];
        for (int c = 0; c < m; c++) {
            for (int r = c; r < m; r++) {
                double sum = 0;
                for (int p = 0; p < m; p++) {
                    sum += b[p * m + r] * b[p * m + c];
                }
                double v = sum / m + (r == c ? 1 : 0);
                f[c * m + r] = v;
                f[r * m + c] = v;
            }
        }
        return f;
    }

    /** Column-by-column Cholesky of the first {@code k} columns, then the Schur complement, lower triangle. */
    private static double[] textbook(double[] front, int m, int k) {
        double[] f = front.clone();
        for (int j = 0; j < k; j++) {
            double d = Math.sqrt(f[j * m + j]);
            f[j * m + j] = d;
            for (int r = j + 1; r < m; r++) {
                f[j * m + r] /= d;
            }
            for (int c = j + 1; c < m; c++) {
                double lc = f[j * m + c];
                for (int r = c; r < m; r++) {
                    f[c * m + r] -= f[j * m + r] * lc;
                }
            }
        }
        return f;
    }

    private static double[] lowerTriangle(double[] f, int m) {
        double[] lower = new double[m * (m + 1) / 2];
        int at = 0;
        for (int c = 0; c < m; c++) {
            for (int r = c; r < m; r++) {
                lower[at++] = f[c * m + r];
            }
        }
        return lower;
    }
}
