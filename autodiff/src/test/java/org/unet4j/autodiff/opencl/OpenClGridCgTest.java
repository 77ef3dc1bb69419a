package org.unet4j.autodiff.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.unet4j.autodiff.Device;
import org.unet4j.autodiff.Shape;
import org.unet4j.autodiff.Tensor;

/** The device-resident SoftCut CG against a dense float64 solve of the same grid system, written out here. */
class OpenClGridCgTest {

    @Test
    void solvesRandomGridsOfOneTwoAndThreeAxesLikeADenseSolve() {
        Device device = OpenClTestDevice.device();
        SplittableRandom random = new SplittableRandom(9);
        int[][] grids = {{1}, {7}, {300}, {5, 9}, {17, 23}, {1, 6}, {3, 4, 5}, {6, 1, 7}, {4, 7, 9}};
        for (int[] sizes : grids) {
            Shape grid = Shape.of(sizes);
            double[] rhs = new double[grid.size()];
            for (int i = 0; i < rhs.length; i++) {
                rhs[i] = random.nextDouble(-1, 1);
            }
            double[][] w = new double[sizes.length][];
            List<Tensor> weights = new ArrayList<>();
            for (int k = 0; k < sizes.length; k++) {
                Shape edges = grid.with(k, sizes[k] - 1);
                w[k] = new double[edges.size()];
                float[] values = new float[edges.size()];
                for (int e = 0; e < values.length; e++) {
                    values[e] = (float) random.nextDouble(0, 4);
                    w[k][e] = values[e];
                }
                weights.add(Tensor.of(values, edges.dims()).to(device));
            }
            float[] p = new float[rhs.length];
            for (int i = 0; i < p.length; i++) {
                p[i] = (float) rhs[i];
                rhs[i] = p[i];
            }
            OpenClGridCg.Result result = OpenClGridCg.solve(Tensor.of(p, sizes).to(device), weights, 1e-6, 500);
            double[] expected = gauss(dense(sizes, w), rhs);
            float[] actual = result.solution().to(Device.CPU).floats();
            assertTrue(result.converged(), "grid " + grid + ": residual " + result.residual());
            assertTrue(result.iterations() <= expected.length + 5,
                    "grid " + grid + ": " + result.iterations() + " iterations, at most n in exact arithmetic");
            for (int i = 0; i < expected.length; i++) {
                assertEquals(expected[i], actual[i], 1e-4 * (1 + Math.abs(expected[i])), "grid " + grid + " node " + i);
            }
        }
    }

    @Test
    void kernelsRunOnOpenClAndOnlyScalarsLeaveTheDevice() {
        OpenClBackend backend = OpenClTestDevice.backend();
        Device device = backend.device();
        Tensor p = Tensor.randn(new SplittableRandom(3), 20, 30).to(device);
        List<Tensor> weights = List.of(Tensor.ones(19, 30).to(device), Tensor.ones(20, 29).to(device));
        long before = backend.launches();
        OpenClGridCg.Result result = OpenClGridCg.solve(p, weights, 1e-5, 200);
        assertTrue(result.converged());
        assertEquals(device, result.solution().device());
        assertTrue(backend.launches() - before >= 6L * result.iterations(),
                "apply, two dots and three updates per iteration");
        assertTrue(backend.lastLaunchOnDevice(), "the CG kernels must run as OpenCL on " + backend.description());
    }

    @Test
    void zeroRightHandSideNeedsNoIterationAndBadWeightsFail() {
        Device device = OpenClTestDevice.device();
        Tensor zero = Tensor.zeros(4, 5).to(device);
        List<Tensor> weights = List.of(Tensor.ones(3, 5).to(device), Tensor.ones(4, 4).to(device));
        OpenClGridCg.Result result = OpenClGridCg.solve(zero, weights, 1e-6, 10);
        assertEquals(0, result.iterations());
        assertEquals(0f, result.solution().to(Device.CPU).floats()[7]);
        assertThrows(IllegalArgumentException.class,
                () -> OpenClGridCg.solve(zero, List.of(weights.get(1), weights.get(0)), 1e-6, 10));
        assertThrows(IllegalArgumentException.class,
                () -> OpenClGridCg.solve(Tensor.zeros(4, 5), weights, 1e-6, 10));
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
