package org.unet4j.solvers.linear;

import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.ops.DConvertMatrixStruct;

/**
 * Fixtures of the linear-solver tests: jqwik cases of random SoftCut systems ({@link RandomGridSystems#uniform}) on
 * small d-dimensional grids, Gaussian right-hand sides, and EJML's dense solve as the reference.
 */
final class GridSystemFixtures {
    private GridSystemFixtures() {
    }

    /** A grid, a weight scale and a seed: enough to rebuild weights and right-hand side deterministically. */
    record Case(int[] sizes, double maxWeight, long seed) {
        GridLaplacianSystem system() {
            return RandomGridSystems.uniform(sizes, maxWeight, seed);
        }

        double[] rightHandSide() {
            return gaussian(system().size(), seed + 1);
        }

        @Override
        public String toString() {
            return java.util.Arrays.toString(sizes) + " weights in [0, " + maxWeight + "] seed " + seed;
        }
    }

    /** 1-D grids up to 40 points, 2-D up to 12 x 12, 3-D up to 6 x 6 x 6, weights up to 1e3. */
    static Arbitrary<Case> smallCases() {
        Arbitrary<int[]> sizes = Arbitraries.integers().between(1, 3).flatMap(d -> {
            int largest = d == 1 ? 40 : d == 2 ? 12 : 6;
            return Arbitraries.integers().between(1, largest).array(int[].class).ofSize(d);
        });
        Arbitrary<Double> scale = Arbitraries.of(0.0, 0.1, 1.0, 5.0, 100.0, 1000.0);
        Arbitrary<Long> seed = Arbitraries.longs();
        return Combinators.combine(sizes, scale, seed).as(Case::new);
    }

    /**
     * Grids with more points than {@link GridMultigrid#COARSEST_SIZE}, so that multigrid has at least two levels:
     * 1-D of 301 to 1500 points, 2-D of 18 x 18 to 48 x 48, 3-D of 7^3 to 12^3, weights up to 1e3.
     */
    static Arbitrary<Case> multilevelCases() {
        Arbitrary<int[]> sizes = Arbitraries.integers().between(1, 3).flatMap(d -> {
            int smallest = d == 1 ? 301 : d == 2 ? 18 : 7;
            int largest = d == 1 ? 1500 : d == 2 ? 48 : 12;
            return Arbitraries.integers().between(smallest, largest).array(int[].class).ofSize(d);
        });
        Arbitrary<Double> scale = Arbitraries.of(0.1, 1.0, 5.0, 1000.0);
        return Combinators.combine(sizes, scale, Arbitraries.longs()).as(Case::new);
    }

    static double[] gaussian(int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = random.nextGaussian();
        }
        return v;
    }

    /** The reference: EJML's dense solve of the assembled matrix. */
    static double[] denseSolve(GridLaplacianSystem system, double[] b) {
        DMatrixRMaj a = DConvertMatrixStruct.convert(system.assemble(), (DMatrixRMaj) null);
        DMatrixRMaj x = new DMatrixRMaj(b.length, 1);
        if (!CommonOps_DDRM.solve(a, DMatrixRMaj.wrap(b.length, 1, b.clone()), x)) {
            throw new AssertionError("dense solve failed");
        }
        return x.data;
    }

    /** {@code max_i |x_i - y_i| / max(1, max_i |y_i|)}. */
    static double relativeError(double[] x, double[] y) {
        double error = 0;
        double scale = 1;
        for (int i = 0; i < x.length; i++) {
            error = Math.max(error, Math.abs(x[i] - y[i]));
            scale = Math.max(scale, Math.abs(y[i]));
        }
        return error / scale;
    }
}
