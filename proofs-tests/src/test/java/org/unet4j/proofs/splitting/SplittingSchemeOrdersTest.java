package org.unet4j.proofs.splitting;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.IntFunction;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.ejml.data.DMatrixRMaj;
import org.unet4j.solvers.splitting.CrankNicolsonFlow;
import org.unet4j.solvers.splitting.ExactLinearFlow;
import org.unet4j.solvers.splitting.HybridSplitting;
import org.unet4j.solvers.splitting.LieSplitting;
import org.unet4j.solvers.splitting.MarchukYanenkoSplitting;
import org.unet4j.solvers.splitting.ParallelSplitting;
import org.unet4j.solvers.splitting.SourceTerm;
import org.unet4j.solvers.splitting.SplittingScheme;
import org.unet4j.solvers.splitting.StrangSplitting;
import org.unet4j.solvers.splitting.SubFlow;

/**
 * The orders of convergence of the operator-splitting schemes (Marchuk 1990; Glowinski, Osher and Yin (eds.),
 * "Splitting Methods in Communication, Imaging, Science, and Engineering", 2016; Lu, Neittaanmäki and Tai 1991
 * for the parallel scheme; Tai, Liu and Chan, PottsMGNet, for the hybrid one), as summarised in DESIGN.md:
 *
 * <p><b>Statement.</b> For {@code du/dt = -(A_1 + ... + A_S) u + s} with symmetric positive definite, in general
 * non-commuting {@code A_s} and a constant source {@code s = s_1 + ... + s_S}, the global error at a fixed time
 * T behaves as {@code C dt^p} with p = 1 for Lie splitting with exact sub-flows, p = 1 for Marchuk-Yanenko
 * (backward-Euler sub-steps), p = 2 for Strang splitting with exact or Crank-Nicolson sub-flows, p = 1 for the
 * parallel splitting {@code u_s = (I + S dt A_s)^-1 (u^n + S dt s_s)}, {@code u^{n+1} = mean_s u_s}, and p = 1
 * for the hybrid scheme (parallel inside groups, sequential between them).
 *
 * <p><b>Reproduction.</b> jqwik draws n in [2, 5], S operators {@code A_s = B_s B_s^T / n + 0.2 I} and the
 * source shares; the reference is the exact variation-of-constants solution
 * {@code u(T) = e^{-TA} u0 + A^-1 (I - e^{-TA}) s}, {@code A = sum_s A_s}, by a symmetric eigendecomposition. The
 * fitted log-log slope of the max-norm error at T = 1 over five step sizes in the asymptotic regime must lie
 * within 0.15 of p.
 */
class SplittingSchemeOrdersTest {
    private static final int[] FIRST_ORDER_STEPS = {64, 128, 256, 512, 1024};
    private static final int[] SECOND_ORDER_STEPS = {8, 16, 32, 64, 128};
    private static final double TOLERANCE = 0.15;

    @Provide
    Arbitrary<LinearSplittingProblem> problems() {
        return LinearSplittingProblem.arbitrary(2, 4);
    }

    @Provide
    Arbitrary<LinearSplittingProblem> groupedProblems() {
        return LinearSplittingProblem.arbitrary(3, 5);
    }

    @Property(tries = 10, edgeCases = EdgeCasesMode.NONE)
    void lieSplittingWithExactSubFlowsIsFirstOrder(@ForAll("problems") LinearSplittingProblem problem) {
        assertOrder(1, problem, FIRST_ORDER_STEPS, steps -> new LieSplitting(flows(problem, ExactLinearFlow::new)));
    }

    @Property(tries = 10, edgeCases = EdgeCasesMode.NONE)
    void marchukYanenkoIsFirstOrder(@ForAll("problems") LinearSplittingProblem problem) {
        assertOrder(1, problem, FIRST_ORDER_STEPS,
                steps -> new MarchukYanenkoSplitting(problem.operators(), constantSources(problem)));
    }

    @Property(tries = 10, edgeCases = EdgeCasesMode.NONE)
    void strangSplittingWithExactSubFlowsIsSecondOrder(@ForAll("problems") LinearSplittingProblem problem) {
        assertOrder(2, problem, SECOND_ORDER_STEPS,
                steps -> new StrangSplitting(flows(problem, ExactLinearFlow::new)));
    }

    @Property(tries = 10, edgeCases = EdgeCasesMode.NONE)
    void strangSplittingWithCrankNicolsonSubStepsIsSecondOrder(@ForAll("problems") LinearSplittingProblem problem) {
        assertOrder(2, problem, SECOND_ORDER_STEPS, steps -> new StrangSplitting(
                flows(problem, (a, s) -> new CrankNicolsonFlow(a, SourceTerm.constant(s)))));
    }

    @Property(tries = 10, edgeCases = EdgeCasesMode.NONE)
    void parallelSplittingIsFirstOrder(@ForAll("problems") LinearSplittingProblem problem) {
        assertOrder(1, problem, FIRST_ORDER_STEPS,
                steps -> ParallelSplitting.implicit(problem.operators(), constantSources(problem)));
    }

    @Property(tries = 10, edgeCases = EdgeCasesMode.NONE)
    void hybridSplittingIsFirstOrder(@ForAll("groupedProblems") LinearSplittingProblem problem) {
        int split = (problem.operatorCount() + 1) / 2;
        List<DMatrixRMaj> a = problem.operators();
        List<SourceTerm> s = constantSources(problem);
        assertOrder(1, problem, FIRST_ORDER_STEPS, steps -> HybridSplitting.implicit(
                List.of(a.subList(0, split), a.subList(split, a.size())),
                List.of(s.subList(0, split), s.subList(split, s.size()))));
    }

    private static void assertOrder(double order, LinearSplittingProblem problem, int[] stepCounts,
            IntFunction<SplittingScheme> scheme) {
        double[] errors = problem.errors(scheme, stepCounts);
        double slope = ConvergenceOrder.slope(problem.horizon(), stepCounts, errors);
        assertEquals(order, slope, TOLERANCE, () -> "observed order " + slope + " for "
                + ConvergenceOrder.describe(stepCounts, errors) + " on " + problem);
    }

    private static List<SubFlow> flows(LinearSplittingProblem problem,
            BiFunction<DMatrixRMaj, double[], SubFlow> flow) {
        List<SubFlow> flows = new ArrayList<>();
        for (int s = 0; s < problem.operatorCount(); s++) {
            flows.add(flow.apply(problem.operators().get(s), problem.sources().get(s)));
        }
        return flows;
    }

    private static List<SourceTerm> constantSources(LinearSplittingProblem problem) {
        List<SourceTerm> sources = new ArrayList<>();
        problem.sources().forEach(s -> sources.add(SourceTerm.constant(s)));
        return sources;
    }
}
