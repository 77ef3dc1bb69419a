package org.unet4j.proofs.splitting;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.unet4j.solvers.splitting.ExactLinearFlow;
import org.unet4j.solvers.splitting.LieSplitting;
import org.unet4j.solvers.splitting.SubFlow;

/**
 * Lie splitting is exact for commuting operators with exact sub-flows (DESIGN.md, "Splitting orders"; the
 * Baker-Campbell-Hausdorff formula: {@code e^{-dt A_2} e^{-dt A_1} = e^{-dt (A_1 + A_2)}} when
 * {@code A_1 A_2 = A_2 A_1}).
 *
 * <p><b>Statement.</b> If the vector fields {@code f_s(u) = -A_s u + s_s} commute pairwise, i.e.
 * {@code A_r A_s = A_s A_r} and {@code A_r s_s = A_s s_r}, then Lie splitting with exact sub-flows reproduces the
 * exact solution of {@code du/dt = sum_s f_s(u)} for every step size and number of steps.
 *
 * <p><b>Reproduction.</b> jqwik draws a symmetric matrix whose eigenvectors V serve as a common basis, spectra
 * {@code lambda_s} in [0.05, 3] and a vector w; {@code A_s = V diag(lambda_s) V^T} and {@code s_s = A_s w}
 * (fields {@code -A_s (u - w)}, which commute). Lie splitting over 1 to 8 steps on [0, 1] must agree with the
 * variation-of-constants solution to 1e-11. As a control, the same harness on random non-commuting SPD operators
 * must show an error above 1e-6, so the comparison does detect a splitting error.
 */
class LieSplittingIsExactForCommutingOperatorsTest {

    /** Commuting operators and sources. */
    record CommutingProblem(List<DMatrixRMaj> operators, List<double[]> sources, double[] u0) {
    }

    @Provide
    Arbitrary<CommutingProblem> commutingProblems() {
        return Arbitraries.integers().between(2, 5).flatMap(n -> Arbitraries.integers().between(2, 4).flatMap(count -> {
            Arbitrary<double[]> basis = LinearSplittingProblem.vectors(n * n);
            Arbitrary<List<double[]>> spectra = Arbitraries.doubles().between(0.05, 3).array(double[].class).ofSize(n)
                    .list().ofSize(count);
            return basis.flatMap(b -> spectra.flatMap(lambdas -> LinearSplittingProblem.vectors(n).flatMap(
                    w -> LinearSplittingProblem.vectors(n).map(u0 -> commuting(n, b, lambdas, w, u0)))));
        }));
    }

    private static CommutingProblem commuting(int n, double[] basisEntries, List<double[]> spectra, double[] w,
            double[] u0) {
        DMatrixRMaj symmetric = DMatrixRMaj.wrap(n, n, basisEntries.clone());
        DMatrixRMaj transposed = CommonOps_DDRM.transpose(symmetric, null);
        CommonOps_DDRM.addEquals(symmetric, transposed);
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(n, true, true);
        if (!eig.decompose(symmetric)) {
            throw new IllegalStateException("eigendecomposition failed");
        }
        List<DMatrixRMaj> operators = new ArrayList<>();
        List<double[]> sources = new ArrayList<>();
        for (double[] lambdas : spectra) {
            DMatrixRMaj a = new DMatrixRMaj(n, n);
            for (int k = 0; k < n; k++) {
                DMatrixRMaj v = eig.getEigenVector(k);
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j < n; j++) {
                        a.add(i, j, lambdas[k] * v.get(i) * v.get(j));
                    }
                }
            }
            DMatrixRMaj s = new DMatrixRMaj(n, 1);
            CommonOps_DDRM.mult(a, DMatrixRMaj.wrap(n, 1, w), s);
            operators.add(a);
            sources.add(s.data);
        }
        return new CommutingProblem(operators, sources, u0);
    }

    @Property(tries = 30, edgeCases = EdgeCasesMode.NONE)
    void lieSplittingReproducesTheExactSolution(@ForAll("commutingProblems") CommutingProblem problem,
            @ForAll @IntRange(min = 1, max = 8) int steps) {
        double error = lieError(problem.operators(), problem.sources(), problem.u0(), steps);
        assertTrue(error < 1e-11, () -> "Lie splitting error " + error + " with " + steps + " steps on " + problem);
    }

    @Property(tries = 10, edgeCases = EdgeCasesMode.NONE)
    void nonCommutingOperatorsLeaveASplittingError(
            @ForAll("nonCommutingProblems") LinearSplittingProblem problem) {
        double error = lieError(problem.operators(), problem.sources(), problem.u0(), 4);
        assertTrue(error > 1e-6, () -> "Lie splitting error " + error + " on non-commuting " + problem);
    }

    @Provide
    Arbitrary<LinearSplittingProblem> nonCommutingProblems() {
        return LinearSplittingProblem.arbitrary(2, 4);
    }

    private static double lieError(List<DMatrixRMaj> operators, List<double[]> sources, double[] u0, int steps) {
        List<SubFlow> flows = new ArrayList<>();
        DMatrixRMaj sum = new DMatrixRMaj(u0.length, u0.length);
        double[] sourceSum = new double[u0.length];
        for (int s = 0; s < operators.size(); s++) {
            flows.add(new ExactLinearFlow(operators.get(s), sources.get(s)));
            CommonOps_DDRM.addEquals(sum, operators.get(s));
            for (int i = 0; i < u0.length; i++) {
                sourceSum[i] += sources.get(s)[i];
            }
        }
        double[] u = new LieSplitting(flows).integrate(u0, 0, 1, steps);
        double[] exact = LinearSplittingProblem.variationOfConstants(sum, sourceSum, u0, 1);
        return ConvergenceOrder.maxDifference(u, exact);
    }
}
