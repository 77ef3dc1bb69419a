package org.unet4j.solvers.linear;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.unet4j.autodiff.DType;
import org.unet4j.autodiff.Device;
import org.unet4j.autodiff.Shape;
import org.unet4j.autodiff.Tensor;

/**
 * The batched SoftCut CG on the default device (the host in the CPU suite, the OpenCL device in the suite's OpenCL
 * half), in float32 and (where the device computes in it) float64, against dense float64 solves of the same grid
 * systems, written out here.
 */
class GridConjugateGradientTest {

    /** The default device when it computes in {@code dtype}, else the host. */
    private static Device device(DType dtype) {
        Device device = Device.defaultDevice();
        return device.backend().supports(dtype) ? device : Device.CPU;
    }

    private static GridConjugateGradient.Result solve(Tensor b, List<Tensor> weights, Tensor start,
            StoppingRule rule) {
        return new GridConjugateGradient(rule).solve(b, weights, start);
    }

    private static StoppingRule relative(double tolerance, int maxIterations) {
        return StoppingRule.relative(tolerance).withMaxIterations(maxIterations);
    }

    @Test
    void solvesRandomGridsOfOneTwoAndThreeAxesLikeADenseSolve() {
        solvesRandomGridsLikeADenseSolve(DType.FLOAT32, 1e-6, 1e-4);
    }

    @Test
    void solvesInFloat64ToFloat64Accuracy() {
        solvesRandomGridsLikeADenseSolve(DType.FLOAT64, 1e-13, 1e-11);
    }

    @Test
    void weightsOfAnotherTypeThanTheRightHandSideFail() {
        Device device = device(DType.FLOAT64);
        Tensor b = Tensor.wrap(new double[12], 3, 4).to(device);
        List<Tensor> weights = List.of(Tensor.ones(DType.FLOAT32, 2, 4).to(device),
                Tensor.ones(DType.FLOAT32, 3, 3).to(device));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> solve(b, weights, b, relative(1e-6, 10)));
        assertTrue(e.getMessage().contains("float32") && e.getMessage().contains("float64"), e.getMessage());
    }

    /**
     * CG in {@code dtype} to the relative residual {@code relativeTolerance} on grids of one to three axes (random
     * right-hand sides and weights, rounded to {@code dtype}) agrees with a dense float64 solve of the same rounded
     * system to {@code accuracy} (relative to {@code 1 + |x|}).
     */
    private static void solvesRandomGridsLikeADenseSolve(DType dtype, double relativeTolerance, double accuracy) {
        Device device = device(dtype);
        SplittableRandom random = new SplittableRandom(9);
        int[][] grids = {{1}, {7}, {300}, {5, 9}, {17, 23}, {1, 6}, {3, 4, 5}, {6, 1, 7}, {4, 7, 9}};
        for (int[] sizes : grids) {
            Shape grid = Shape.of(sizes);
            Tensor p = uniform(random, -1, 1, dtype, grid);
            double[][] w = new double[sizes.length][];
            List<Tensor> weights = new ArrayList<>();
            for (int k = 0; k < sizes.length; k++) {
                Tensor wk = uniform(random, 0, 4, dtype, grid.with(k, sizes[k] - 1));
                w[k] = wk.toDoubleArray();
                weights.add(wk.to(device));
            }
            Tensor b = p.to(device);
            GridConjugateGradient.Result result = solve(b, weights, b.zerosLike(),
                    relative(relativeTolerance, 500));
            double[] expected = gauss(dense(sizes, w), p.toDoubleArray());
            Tensor solution = result.solution();
            assertEquals(dtype, solution.dtype());
            assertEquals(device, solution.device());
            double[] actual = solution.toDoubleArray();
            IterativeSolveResult summary = result.summary();
            assertTrue(summary.converged(), "grid " + grid + ": residual " + summary.residual());
            assertTrue(summary.iterations() <= expected.length + 5,
                    "grid " + grid + ": " + summary.iterations() + " iterations, at most n in exact arithmetic");
            for (int i = 0; i < expected.length; i++) {
                assertEquals(expected[i], actual[i], accuracy * (1 + Math.abs(expected[i])),
                        dtype + " grid " + grid + " node " + i);
            }
        }
    }

    /** A host tensor of {@code shape} drawn uniformly from {@code [low, high)} in float64, rounded to dtype. */
    private static Tensor uniform(SplittableRandom random, double low, double high, DType dtype, Shape shape) {
        double[] values = new double[shape.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = random.nextDouble(low, high);
        }
        return Tensor.wrap(values, shape).to(dtype);
    }

    @Test
    void batchedSystemsEachStopByTheMeanAbsoluteRuleAndMatchTheirDenseSolves() {
        Device device = device(DType.FLOAT32);
        SplittableRandom random = new SplittableRandom(21);
        int[] batch = {2, 3};
        int[] sizes = {5, 7};
        int systems = 6;
        int points = 35;
        float[] p = new float[systems * points];
        for (int i = 0; i < p.length; i++) {
            p[i] = (float) random.nextDouble(-1, 1);
        }
        float[][] w = new float[2][];
        List<Tensor> weights = new ArrayList<>();
        for (int k = 0; k < 2; k++) {
            int[] edges = {batch[0], batch[1], sizes[0] - (k == 0 ? 1 : 0), sizes[1] - (k == 1 ? 1 : 0)};
            w[k] = new float[Shape.of(edges).size()];
            for (int e = 0; e < w[k].length; e++) {
                // system 4 is stiff, so it runs longer than the others
                w[k][e] = (float) random.nextDouble(0, e / (w[k].length / systems) == 4 ? 50 : 1);
            }
            weights.add(Tensor.wrap(w[k], edges).to(device));
        }
        Tensor b = Tensor.wrap(p, batch[0], batch[1], sizes[0], sizes[1]).to(device);
        GridConjugateGradient.Result result = solve(b, weights, b,
                new StoppingRule(ResidualNorm.MEAN_ABSOLUTE, 0, 1e-6, 1000, false));
        assertTrue(result.summary().converged(), "residual " + result.summary().residual());
        assertTrue(result.summary().residual() <= 1e-6);
        float[] actual = result.solution().to(Device.CPU).floats();
        for (int s = 0; s < systems; s++) {
            double[][] ws = new double[2][];
            for (int k = 0; k < 2; k++) {
                int per = w[k].length / systems;
                ws[k] = new double[per];
                for (int e = 0; e < per; e++) {
                    ws[k][e] = w[k][s * per + e];
                }
            }
            double[] rhs = new double[points];
            for (int i = 0; i < points; i++) {
                rhs[i] = p[s * points + i];
            }
            double[] expected = gauss(dense(sizes, ws), rhs);
            for (int i = 0; i < points; i++) {
                assertEquals(expected[i], actual[s * points + i], 1e-4 * (1 + Math.abs(expected[i])),
                        "system " + s + " node " + i);
            }
        }
    }

    @Test
    void anUnconvergedSolveThrowsWhenTheRuleSaysSo() {
        Device device = device(DType.FLOAT32);
        Tensor p = Tensor.randn(new SplittableRandom(3), 20, 30).to(device);
        List<Tensor> weights = List.of(Tensor.ones(19, 30).to(device), Tensor.ones(20, 29).to(device));
        NotConvergedException e = assertThrows(NotConvergedException.class,
                () -> solve(p, weights, p.zerosLike(), relative(1e-6, 2).throwingIfNotConverged()));
        assertEquals(2, e.result().iterations());
        assertTrue(e.getMessage().contains("on " + device), e.getMessage());
    }

    @Test
    void aNegativeWeightIsReportedAsNotPositiveDefinite() {
        Device device = device(DType.FLOAT32);
        Tensor b = Tensor.wrap(new float[] {1, -1, 1}, 3).to(device);
        Tensor w = Tensor.wrap(new float[] {-5, -5}, 2).to(device);
        assertThrows(NotPositiveDefiniteException.class, () -> solve(b, List.of(w), b, relative(1e-6, 10)));
    }

    @Test
    void zeroRightHandSideNeedsNoIterationAndMisfitsFail() {
        Device device = device(DType.FLOAT32);
        Tensor zero = Tensor.zeros(4, 5).to(device);
        List<Tensor> weights = List.of(Tensor.ones(3, 5).to(device), Tensor.ones(4, 4).to(device));
        StoppingRule stopping = relative(1e-6, 10);
        GridConjugateGradient.Result result = solve(zero, weights, zero, stopping);
        assertEquals(0, result.summary().iterations());
        assertTrue(result.summary().converged());
        assertEquals(0f, result.solution().to(Device.CPU).floats()[7]);
        assertThrows(IllegalArgumentException.class,
                () -> solve(zero, List.of(weights.get(1), weights.get(0)), zero, stopping));
        if (device != Device.CPU) {
            Tensor host = Tensor.wrap(new float[20], 4, 5);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> solve(host, weights, host, stopping));
            assertTrue(e.getMessage().contains("to(device)"), e.getMessage());
        }
    }

    /** The dense {@code I + L_w}: edge (i, i + s_k) of weight w adds w to both diagonals and -w off the diagonal. */
    private static double[][] dense(int[] sizes, double[][] w) {
        int count = Shape.of(sizes).size();
        double[][] a = new double[count][count];
        for (int i = 0; i < count; i++) {
            a[i][i] = 1;
        }
        int stride = count;
        for (int k = 0; k < sizes.length; k++) {
            stride /= sizes[k];
            int block = sizes[k] * stride;
            for (int i = 0; i < count; i++) {
                if (i / stride % sizes[k] < sizes[k] - 1) {
                    double weight = w[k][i / block * (block - stride) + i % block];
                    int j = i + stride;
                    a[i][i] += weight;
                    a[j][j] += weight;
                    a[i][j] -= weight;
                    a[j][i] -= weight;
                }
            }
        }
        return a;
    }

    /** Gaussian elimination with partial pivoting. */
    private static double[] gauss(double[][] a, double[] b) {
        int n = b.length;
        double[][] m = new double[n][];
        double[] x = b.clone();
        for (int i = 0; i < n; i++) {
            m[i] = a[i].clone();
        }
        for (int c = 0; c < n; c++) {
            int pivot = c;
            for (int r = c + 1; r < n; r++) {
                if (Math.abs(m[r][c]) > Math.abs(m[pivot][c])) {
                    pivot = r;
                }
            }
            double[] row = m[c];
            m[c] = m[pivot];
            m[pivot] = row;
            double t = x[c];
            x[c] = x[pivot];
            x[pivot] = t;
            for (int r = c + 1; r < n; r++) {
                double f = m[r][c] / m[c][c];
                for (int j = c; j < n; j++) {
                    m[r][j] -= f * m[c][j];
                }
                x[r] -= f * x[c];
            }
        }
        for (int r = n - 1; r >= 0; r--) {
            double s = x[r];
            for (int j = r + 1; j < n; j++) {
                s -= m[r][j] * x[j];
            }
            x[r] = s / m[r][r];
        }
        return x;
    }
}
