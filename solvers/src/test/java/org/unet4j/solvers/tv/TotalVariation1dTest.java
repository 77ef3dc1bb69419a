package org.unet4j.solvers.tv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TotalVariation1dTest {

    static double[] uniform(SplittableRandom rng, int n, double lo, double hi) {
        return rng.doubles(n, lo, hi).toArray();
    }

    @Test
    void condatMatchesTheDualReferenceOnRandomWeightedSignals() {
        SplittableRandom rng = new SplittableRandom(1);
        for (int trial = 0; trial < 300; trial++) {
            int n = 1 + rng.nextInt(12);
            double[] y = uniform(rng, n, -3, 3);
            double[] w = uniform(rng, n - 1, 0, trial % 3 == 0 ? 4 : 1);
            for (int k = 0; k < w.length; k += 4) {
                w[k] = 0;
            }
            assertArrayEquals(BruteForceTotalVariation.prox1d(y, w), TotalVariation1d.prox(y, w), 1e-9,
                    "y=" + Arrays.toString(y) + " w=" + Arrays.toString(w));
        }
    }

    @Test
    void twoSamplesFollowTheClosedForm() {
        // |y0 - y1| > 2w: each moves w towards the other; otherwise both take the mean
        assertArrayEquals(new double[] {2.5, 1.5}, TotalVariation1d.prox(new double[] {3, 1}, new double[] {0.5}), 1e-15);
        assertArrayEquals(new double[] {2, 2}, TotalVariation1d.prox(new double[] {3, 1}, new double[] {1.5}), 1e-15);
    }

    @Test
    void zeroWeightsReturnTheSignalAndLargeWeightsItsMean() {
        double[] y = {1, -2, 5, 0.5};
        assertArrayEquals(y, TotalVariation1d.prox(y, new double[3]), 0);
        double mean = (1 - 2 + 5 + 0.5) / 4;
        assertArrayEquals(new double[] {mean, mean, mean, mean}, TotalVariation1d.prox(y, new double[] {50, 50, 50}),
                1e-12);
    }

    @Test
    void aZeroWeightSplitsTheProblemIntoIndependentHalves() {
        SplittableRandom rng = new SplittableRandom(2);
        double[] y = uniform(rng, 9, -3, 3);
        double[] w = uniform(rng, 8, 0, 2);
        w[4] = 0;
        double[] x = TotalVariation1d.prox(y, w);
        double[] left = TotalVariation1d.prox(Arrays.copyOf(y, 5), Arrays.copyOf(w, 4));
        double[] right = TotalVariation1d.prox(Arrays.copyOfRange(y, 5, 9), Arrays.copyOfRange(w, 5, 8));
        assertArrayEquals(left, Arrays.copyOf(x, 5), 1e-14);
        assertArrayEquals(right, Arrays.copyOfRange(x, 5, 9), 1e-14);
    }

    @Test
    void longSignalsSatisfyTheOptimalityConditions() {
        // x = y - (u_k - u_(k-1)) with |u_k| <= w_k, u_k = w_k sign(x_(k+1) - x_k) at a jump, u_(n-1) = 0
        SplittableRandom rng = new SplittableRandom(3);
        int n = 5000;
        double[] y = uniform(rng, n, -3, 3);
        double[] w = uniform(rng, n - 1, 0, 2);
        double[] x = TotalVariation1d.prox(y, w);
        double u = 0;
        for (int k = 0; k < n - 1; k++) {
            u += y[k] - x[k];
            assertTrue(Math.abs(u) <= w[k] + 1e-9, "dual box at " + k);
            double jump = x[k + 1] - x[k];
            if (jump != 0) {
                assertEquals(-Math.signum(jump) * w[k], u, 1e-9, "dual at the jump " + k);
            }
        }
        assertEquals(0, u + y[n - 1] - x[n - 1], 1e-8);
    }

    @Test
    void badWeightsAreNamed() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> TotalVariation1d.prox(new double[] {1, 2, 3}, new double[] {1, -0.5}));
        assertTrue(e.getMessage().contains("weight 1 is -0.5"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TotalVariation1d.prox(new double[] {1, 2}, new double[2]));
    }
}
