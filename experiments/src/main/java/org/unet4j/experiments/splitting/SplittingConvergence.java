package org.unet4j.experiments.splitting;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.unet4j.solvers.splitting.HybridSplitting;
import org.unet4j.solvers.splitting.MatrixExponential;
import org.unet4j.solvers.splitting.SourceTerm;

/**
 * The convergence order of the hybrid splitting (PottsMGNet, Theorem D.1) measured on a random linear problem
 * {@code du/dt = -sum_k sum_s A_{k,s} u + sum_k sum_s b_{k,s}} on {@code [0, 1]}: K = 2 groups of 2 symmetric
 * positive definite operators with constant forcings. The reference {@code u(1)} is exact: the last column of
 * {@code exp([[-A, b], [0, 0]])} applied to {@code [u_0, 1]} ({@link MatrixExponential}), with {@code A = sum A_{k,s}}
 * and {@code b = sum b_{k,s}}. The scheme ({@link HybridSplitting#implicit}) is run with {@code dt = 1/N}.
 *
 * @param dt     the time steps
 * @param errors the max-norm errors at t = 1
 * @param slope  the least-squares slope of {@code log error} against {@code log dt} (the observed order)
 */
public record SplittingConvergence(double[] dt, double[] errors, double slope) {
    private static final int GROUPS = 2;
    private static final int PER_GROUP = 2;

    /** The errors for {@code N = steps[i]} on a problem of dimension {@code dimension} drawn from {@code rng}. */
    public static SplittingConvergence measure(int dimension, int[] steps, SplittableRandom rng) {
        List<List<DMatrixRMaj>> operators = new ArrayList<>();
        List<List<SourceTerm>> sources = new ArrayList<>();
        DMatrixRMaj total = new DMatrixRMaj(dimension, dimension);
        double[] forcing = new double[dimension];
        for (int k = 0; k < GROUPS; k++) {
            List<DMatrixRMaj> group = new ArrayList<>();
            List<SourceTerm> groupSources = new ArrayList<>();
            for (int s = 0; s < PER_GROUP; s++) {
                DMatrixRMaj a = randomSpd(dimension, rng);
                double[] b = random(dimension, rng);
                group.add(a);
                groupSources.add(SourceTerm.constant(b));
                CommonOps_DDRM.addEquals(total, a);
                for (int i = 0; i < dimension; i++) {
                    forcing[i] += b[i];
                }
            }
            operators.add(group);
            sources.add(groupSources);
        }
        double[] u0 = random(dimension, rng);
        double[] exact = exactSolution(total, forcing, u0);
        HybridSplitting scheme = HybridSplitting.implicit(operators, sources);
        double[] dt = new double[steps.length];
        double[] errors = new double[steps.length];
        for (int i = 0; i < steps.length; i++) {
            dt[i] = 1.0 / steps[i];
            double[] u = u0.clone();
            for (int n = 0; n < steps[i]; n++) {
                scheme.step(u, n * dt[i], dt[i]);
            }
            for (int p = 0; p < dimension; p++) {
                errors[i] = Math.max(errors[i], Math.abs(u[p] - exact[p]));
            }
        }
        return new SplittingConvergence(dt, errors, logLogSlope(dt, errors));
    }

    /** {@code u(1)} for {@code u' = -A u + b}: {@code exp(M) [u_0; 1]} with {@code M = [[-A, b], [0, 0]]}. */
    private static double[] exactSolution(DMatrixRMaj a, double[] b, double[] u0) {
        int n = a.numRows;
        DMatrixRMaj m = new DMatrixRMaj(n + 1, n + 1);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                m.set(i, j, -a.get(i, j));
            }
            m.set(i, n, b[i]);
        }
        DMatrixRMaj e = MatrixExponential.exp(m);
        double[] u = new double[n];
        for (int i = 0; i < n; i++) {
            u[i] = e.get(i, n);
            for (int j = 0; j < n; j++) {
                u[i] += e.get(i, j) * u0[j];
            }
        }
        return u;
    }

    /** {@code Q Q^T / n + I / 2}: symmetric with eigenvalues at least 1/2. */
    private static DMatrixRMaj randomSpd(int n, SplittableRandom rng) {
        DMatrixRMaj q = new DMatrixRMaj(n, n);
        for (int i = 0; i < q.data.length; i++) {
            q.data[i] = rng.nextGaussian();
        }
        DMatrixRMaj a = new DMatrixRMaj(n, n);
        CommonOps_DDRM.multTransB(1.0 / n, q, q, a);
        for (int i = 0; i < n; i++) {
            a.add(i, i, 0.5);
        }
        return a;
    }

    private static double[] random(int n, SplittableRandom rng) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = rng.nextGaussian();
        }
        return v;
    }

    private static double logLogSlope(double[] x, double[] y) {
        int n = x.length;
        double mx = 0;
        double my = 0;
        for (int i = 0; i < n; i++) {
            mx += Math.log(x[i]) / n;
            my += Math.log(y[i]) / n;
        }
        double sxy = 0;
        double sxx = 0;
        for (int i = 0; i < n; i++) {
            sxy += (Math.log(x[i]) - mx) * (Math.log(y[i]) - my);
            sxx += (Math.log(x[i]) - mx) * (Math.log(x[i]) - mx);
        }
        return sxy / sxx;
    }

    /** The observed order and the error at each step size. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "SplittingConvergence[slope %.3f;", slope));
        for (int i = 0; i < dt.length; i++) {
            text.append(String.format(Locale.ROOT, " dt %.4g: error %.3e%s", dt[i], errors[i],
                    i + 1 < dt.length ? "," : ""));
        }
        return text.append("]").toString();
    }
}
