package org.unet4j.proofs.softcut;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.ops.DConvertMatrixStruct;
import org.junit.jupiter.api.Test;
import org.unet4j.autodiff.Autograd;
import org.unet4j.autodiff.DType;
import org.unet4j.autodiff.Tensor;
import org.unet4j.layers.softcut.SoftCut;
import org.unet4j.layers.softcut.SoftCut.Solver;
import org.unet4j.solvers.linear.GridLaplacianSystem;

/**
 * SoftCut (A. Bonfiglio, <i>SoftCut</i>, MSc thesis, Politecnico di Milano, 2022), eq. 17-20: for {@code A x = p}
 * with {@code A} symmetric (Theorem 2.1) and a loss {@code L(x)},
 * <pre>
 *   lambda = A^-1 dL/dx,     dL/dp = lambda,     dL/dA = -lambda x^T,
 * </pre>
 * which, since {@code w_ij} enters {@code A} at {@code (i,i), (j,j)} with {@code +1} and at {@code (i,j), (j,i)}
 * with {@code -1}, contracts to {@code dL/dw_ij = -(lambda_i - lambda_j)(x_i - x_j)}: one extra solve, no dense
 * matrix.
 *
 * <p>Reproduction: for {@code L = sum v * x} with random {@code v} on random 2-D and 3-D systems, the layer's
 * gradients (one adjoint solve per system, every solver) equal central finite differences of {@code L} computed by
 * independent dense solves, for every score and every edge weight, to 1e-7 relative.
 */
class SoftCutAdjointGradientTest {
    private static final double STEP = 1e-5;

    @Test
    void adjointGradientsEqualFiniteDifferencesOfDenseSolvesIn2d() {
        check(new int[] {4, 5}, 5);
    }

    @Test
    void adjointGradientsEqualFiniteDifferencesOfDenseSolvesIn3d() {
        check(new int[] {3, 2, 4}, 6);
    }

    private static void check(int[] sizes, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int d = sizes.length;
        int[] dims = new int[d + 2];
        dims[0] = 1;
        dims[1] = 1;
        System.arraycopy(sizes, 0, dims, 2, d);
        Tensor p = Tensor.uniform(rng, DType.FLOAT64, -2, 2, dims);
        List<Tensor> w = new ArrayList<>();
        for (int k = 0; k < d; k++) {
            int[] wd = dims.clone();
            wd[2 + k]--;
            w.add(Tensor.uniform(rng, DType.FLOAT64, 0.05, 5, wd));
        }
        double[] v = Tensor.randn(rng, DType.FLOAT64, dims).toDoubleArray();

        double[] numericP = new double[p.size()];
        for (int i = 0; i < numericP.length; i++) {
            numericP[i] = central(p.toDoubleArray(), i, values -> loss(sizes, values, arrays(w), v));
        }
        double[][] numericW = new double[d][];
        for (int k = 0; k < d; k++) {
            final int axis = k;
            numericW[k] = new double[w.get(k).size()];
            for (int e = 0; e < numericW[k].length; e++) {
                numericW[k][e] = central(w.get(k).toDoubleArray(), e, values -> {
                    double[][] ws = arrays(w);
                    ws[axis] = values;
                    return loss(sizes, p.toDoubleArray(), ws, v);
                });
            }
        }

        for (Solver solver : Solver.values()) {
            SoftCut layer = SoftCut.builder().solver(solver).tolerance(1e-14).build();
            List<Tensor> leaves = new ArrayList<>();
            leaves.add(p.detach().requiresGrad(true));
            w.forEach(t -> leaves.add(t.detach().requiresGrad(true)));
            Tensor x = layer.apply(leaves.get(0), leaves.subList(1, leaves.size()));
            Tensor[] g = Autograd.grad(x, leaves, Tensor.of(v, dims));
            assertClose(numericP, g[0].toDoubleArray(), solver + " dL/dp");
            for (int k = 0; k < d; k++) {
                assertClose(numericW[k], g[k + 1].toDoubleArray(), solver + " dL/dw axis " + k);
            }
        }
    }

    private static void assertClose(double[] numeric, double[] analytic, String what) {
        for (int i = 0; i < numeric.length; i++) {
            assertEquals(numeric[i], analytic[i], 1e-8 + 1e-7 * Math.abs(numeric[i]), what + " at " + i);
        }
    }

    private static double[][] arrays(List<Tensor> w) {
        return w.stream().map(Tensor::toDoubleArray).toArray(double[][]::new);
    }

    private static double central(double[] values, int i, java.util.function.ToDoubleFunction<double[]> f) {
        double saved = values[i];
        values[i] = saved + STEP;
        double plus = f.applyAsDouble(values);
        values[i] = saved - STEP;
        double minus = f.applyAsDouble(values);
        return (plus - minus) / (2 * STEP);
    }

    /** {@code L = v^T A^-1 p} by a dense LU solve of the assembled system. */
    private static double loss(int[] sizes, double[] p, double[][] weights, double[] v) {
        DMatrixRMaj a = DConvertMatrixStruct.convert(new GridLaplacianSystem(sizes, weights).assemble(),
                (DMatrixRMaj) null);
        DMatrixRMaj x = new DMatrixRMaj(p.length, 1);
        CommonOps_DDRM.solve(a, DMatrixRMaj.wrap(p.length, 1, p.clone()), x);
        double sum = 0;
        for (int i = 0; i < p.length; i++) {
            sum += v[i] * x.data[i];
        }
        return sum;
    }
}
