package org.unet4j.proofs.splitting;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.unet4j.solvers.splitting.SplittingScheme;

/**
 * A linear splitting problem {@code du/dt = -(A_1 + ... + A_S) u + (s_1 + ... + s_S)} on {@code [0, T]} with
 * symmetric positive definite {@code A_s = B_s B_s^T / n + 0.2 I} and constant source shares, drawn by jqwik
 * (entries of B_s, s_s and u0 drawn in [-1, 1]). The reference is the exact solution by the
 * variation-of-constants formula through the eigendecomposition of the symmetric sum {@code A = V diag(lambda) V^T}:
 * {@code u(T) = V [e^{-lambda T} V^T u0 + (1 - e^{-lambda T}) / lambda V^T s]}.
 */
record LinearSplittingProblem(List<DMatrixRMaj> operators, List<double[]> sources, double[] u0, double horizon) {
    static final double HORIZON = 1;

    /** Problems with n in [2, 5] and {@code minOperators..maxOperators} operators. */
    static Arbitrary<LinearSplittingProblem> arbitrary(int minOperators, int maxOperators) {
        return Arbitraries.integers().between(2, 5).flatMap(n -> Arbitraries.integers()
                .between(minOperators, maxOperators).flatMap(count -> {
                    Arbitrary<List<double[]>> factors = vectors(n * n).list().ofSize(count);
                    Arbitrary<List<double[]>> sources = vectors(n).list().ofSize(count);
                    return factors.flatMap(b -> sources.flatMap(s -> vectors(n)
                            .map(u0 -> new LinearSplittingProblem(spd(b, n), s, u0, HORIZON))));
                }));
    }

    static Arbitrary<double[]> vectors(int length) {
        return Arbitraries.doubles().between(-1, 1).array(double[].class).ofSize(length);
    }

    private static List<DMatrixRMaj> spd(List<double[]> factors, int n) {
        List<DMatrixRMaj> operators = new ArrayList<>();
        for (double[] entries : factors) {
            DMatrixRMaj b = DMatrixRMaj.wrap(n, n, entries.clone());
            DMatrixRMaj a = new DMatrixRMaj(n, n);
            CommonOps_DDRM.multTransB(1.0 / n, b, b, a);
            for (int i = 0; i < n; i++) {
                a.add(i, i, 0.2);
            }
            operators.add(a);
        }
        return operators;
    }

    int dimension() {
        return u0.length;
    }

    int operatorCount() {
        return operators.size();
    }

    DMatrixRMaj operatorSum() {
        DMatrixRMaj sum = new DMatrixRMaj(dimension(), dimension());
        operators.forEach(a -> CommonOps_DDRM.addEquals(sum, a));
        return sum;
    }

    double[] sourceSum() {
        double[] sum = new double[dimension()];
        for (double[] s : sources) {
            for (int i = 0; i < sum.length; i++) {
                sum[i] += s[i];
            }
        }
        return sum;
    }

    /** The exact {@code u(T)}. */
    double[] exactSolution() {
        return variationOfConstants(operatorSum(), sourceSum(), u0, horizon);
    }

    /** {@code e^{-tA} u0 + A^-1 (I - e^{-tA}) s} for symmetric A. */
    static double[] variationOfConstants(DMatrixRMaj a, double[] s, double[] u0, double t) {
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

    /** Max-norm errors at T of the schemes built for each number of steps. */
    double[] errors(IntFunction<SplittingScheme> schemeForSteps, int[] stepCounts) {
        double[] exact = exactSolution();
        double[] errors = new double[stepCounts.length];
        for (int k = 0; k < stepCounts.length; k++) {
            double[] u = schemeForSteps.apply(stepCounts[k]).integrate(u0, 0, horizon, stepCounts[k]);
            errors[k] = ConvergenceOrder.maxDifference(u, exact);
        }
        return errors;
    }

    @Override
    public String toString() {
        return "n = " + dimension() + ", S = " + operatorCount() + ", operators " + operators;
    }
}
