package org.unet4j.solvers.splitting;

import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/**
 * Random symmetric positive definite matrices and the exact solution of {@code du/dt = -A u + s} for symmetric A
 * through the eigendecomposition {@code A = V diag(lambda) V^T} (independent of {@link MatrixExponential}):
 * {@code u(t) = V [e^{-lambda t} V^T u0 + (1 - e^{-lambda t}) / lambda V^T s]}.
 */
final class SymmetricSystems {
    private SymmetricSystems() {
    }

    /** {@code B B^T / n + shift I} with B standard normal. */
    static DMatrixRMaj randomSpd(SplittableRandom rng, int n, double shift) {
        DMatrixRMaj b = new DMatrixRMaj(n, n);
        for (int i = 0; i < b.data.length; i++) {
            b.data[i] = rng.nextGaussian();
        }
        DMatrixRMaj a = new DMatrixRMaj(n, n);
        CommonOps_DDRM.multTransB(1.0 / n, b, b, a);
        for (int i = 0; i < n; i++) {
            a.add(i, i, shift);
        }
        return a;
    }

    static double[] randomVector(SplittableRandom rng, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = rng.nextGaussian();
        }
        return v;
    }

    static double[] exactSolution(DMatrixRMaj a, double[] s, double[] u0, double t) {
        int n = a.numRows;
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(n, true, true);
        if (!eig.decompose(a.copy())) {
            throw new IllegalStateException("eigendecomposition failed");
        }
        double[] u = new double[n];
        for (int k = 0; k < n; k++) {
            double lambda = eig.getEigenvalue(k).real;
            DMatrixRMaj v = eig.getEigenVector(k);
            double vu = 0;
            double vs = 0;
            for (int i = 0; i < n; i++) {
                vu += v.get(i) * u0[i];
                vs += v.get(i) * s[i];
            }
            double phi = Math.abs(lambda * t) < 1e-12 ? t : -Math.expm1(-lambda * t) / lambda;
            double coefficient = Math.exp(-lambda * t) * vu + phi * vs;
            for (int i = 0; i < n; i++) {
                u[i] += coefficient * v.get(i);
            }
        }
        return u;
    }

    static DMatrixRMaj sum(DMatrixRMaj... matrices) {
        DMatrixRMaj total = new DMatrixRMaj(matrices[0].numRows, matrices[0].numCols);
        for (DMatrixRMaj m : matrices) {
            CommonOps_DDRM.addEquals(total, m);
        }
        return total;
    }

    static double maxDifference(double[] a, double[] b) {
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }
}
