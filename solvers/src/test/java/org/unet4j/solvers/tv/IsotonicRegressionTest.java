package org.unet4j.solvers.tv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class IsotonicRegressionTest {

    @Test
    void violatorsArePooledIntoTheirMean() {
        assertArrayEquals(new double[] {1, 2.5, 2.5, 4}, IsotonicRegression.fit(new double[] {1, 3, 2, 4}), 1e-15);
        assertArrayEquals(new double[] {2, 2, 2}, IsotonicRegression.fit(new double[] {3, 2, 1}), 1e-15);
        assertArrayEquals(new double[] {-1, 0, 5}, IsotonicRegression.fit(new double[] {-1, 0, 5}), 0);
    }

    @Test
    void theFitIsMonotoneAndNoMonotonePerturbationImprovesIt() {
        SplittableRandom rng = new SplittableRandom(9);
        double[] y = rng.doubles(40, -2, 2).toArray();
        double[] z = IsotonicRegression.fit(y);
        for (int i = 1; i < z.length; i++) {
            assertTrue(z[i - 1] <= z[i]);
        }
        double best = squaredDistance(z, y);
        for (int trial = 0; trial < 500; trial++) {
            double[] other = z.clone();
            int from = rng.nextInt(z.length);
            double shift = rng.nextDouble(-0.05, 0.05);
            for (int i = from; i < z.length; i++) {
                other[i] += shift;   // a shifted tail stays monotone when shift >= 0 ...
            }
            if (from > 0 && other[from] < other[from - 1]) {
                continue;            // ... and otherwise only if it does not cross its predecessor
            }
            assertTrue(squaredDistance(other, y) >= best - 1e-12);
        }
    }

    private static double squaredDistance(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (a[i] - b[i]) * (a[i] - b[i]);
        }
        return s;
    }
}
