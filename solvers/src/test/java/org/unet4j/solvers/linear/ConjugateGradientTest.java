package org.unet4j.solvers.linear;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.ejml.data.DMatrixSparseCSC;
import org.junit.jupiter.api.Test;

/** Stopping rules, warm start, non-convergence and breakdown of {@link ConjugateGradient}. */
class ConjugateGradientTest {
    private final GridLaplacianSystem system = RandomGridSystems.uniform(new int[] {24, 24}, 5, 11);
    private final double[] b = GridSystemFixtures.gaussian(system.size(), 12);

    @Test
    void thesisRuleStopsWhenTheMeanAbsoluteResidualIsBelowOneMillionth() {
        double[] x = b.clone();
        IterativeSolveResult result = new ConjugateGradient(StoppingRule.softCutThesis()).solve(system, b, x);
        assertTrue(result.converged());
        assertEquals(ResidualNorm.MEAN_ABSOLUTE, result.norm());
        assertEquals(1e-6, result.threshold(), 0.0);
        double[] r = residual(x);
        double sum = 0;
        for (double ri : r) {
            sum += Math.abs(ri);
        }
        assertTrue(sum < 1.01e-6 * b.length, "sum |b - A x| = " + sum);
    }

    @Test
    void theSolverPrintsItsStoppingRule() {
        StoppingRule rule = StoppingRule.relative(1e-6);
        assertEquals("ConjugateGradient[" + rule + "]", new ConjugateGradient(rule).toString());
    }

    @Test
    void warmStartFromTheSolutionTakesNoIteration() {
        double[] x = new double[b.length];
        new ConjugateGradient(StoppingRule.relative(1e-12)).solve(system, b, x);
        IterativeSolveResult again = new ConjugateGradient(StoppingRule.relative(1e-8)).solve(system, b, x);
        assertEquals(0, again.iterations());
        assertTrue(again.converged());
    }

    @Test
    void warmStartNearTheSolutionSavesIterations() {
        double[] solution = GridSystemFixtures.gaussian(b.length, 5);
        double[] rhs = new double[b.length];
        system.apply(solution, rhs);
        double[] nearby = solution.clone();
        for (int i = 0; i < nearby.length; i++) {
            nearby[i] += 1e-5 * b[i];
        }
        ConjugateGradient cg = new ConjugateGradient(StoppingRule.relative(1e-8));
        int fromZero = cg.solve(system, rhs, new double[b.length]).iterations();
        int fromNearby = cg.solve(system, rhs, nearby).iterations();
        assertTrue(fromNearby < fromZero, fromNearby + " vs " + fromZero);
    }

    @Test
    void nonConvergenceIsReportedNotHidden() {
        double[] x = new double[b.length];
        IterativeSolveResult result = new ConjugateGradient(StoppingRule.relative(1e-12).withMaxIterations(3))
                .solve(system, b, x);
        assertFalse(result.converged());
        assertEquals(3, result.iterations());
        assertTrue(result.residual() > result.threshold());
        assertTrue(result.toString().startsWith("NOT converged after 3 iterations"), result.toString());
    }

    @Test
    void nonConvergenceThrowsWhenAsked() {
        StoppingRule rule = StoppingRule.relative(1e-12).withMaxIterations(2).throwingIfNotConverged();
        NotConvergedException e = assertThrows(NotConvergedException.class,
                () -> new ConjugateGradient(rule).solve(system, b, new double[b.length]));
        assertEquals(2, e.result().iterations());
        assertTrue(e.getMessage().startsWith("conjugate gradient did not converge: NOT converged after 2"),
                e.getMessage());
    }

    @Test
    void absoluteToleranceAloneIsHonoured() {
        StoppingRule rule = new StoppingRule(ResidualNorm.EUCLIDEAN, 0, 1e-3, 1000, false);
        IterativeSolveResult result = new ConjugateGradient(rule).solve(system, b, new double[b.length]);
        assertTrue(result.converged());
        assertEquals(1e-3, result.threshold(), 0.0);
        assertTrue(norm(residual(solveWith(rule))) <= 1e-3 * 1.0001);
    }

    @Test
    void indefiniteOperatorIsReportedAsNotPositiveDefinite() {
        DMatrixSparseCSC indefinite = new DMatrixSparseCSC(2, 2);
        indefinite.set(0, 0, 1);
        indefinite.set(1, 1, -1);
        NotPositiveDefiniteException e = assertThrows(NotPositiveDefiniteException.class,
                () -> new ConjugateGradient(StoppingRule.relative(1e-10))
                        .solve(SymmetricOperator.of(indefinite), new double[] {0, 1}, new double[2]));
        assertTrue(e.getMessage().contains("not symmetric positive definite"), e.getMessage());
    }

    @Test
    void stoppingRuleOptionsAreCheckedWithTheirNames() {
        assertEquals("relativeTolerance must be finite and >= 0, got -1.0",
                assertThrows(IllegalArgumentException.class, () -> StoppingRule.relative(-1)).getMessage());
        assertEquals("maxIterations must be >= 0, got -5", assertThrows(IllegalArgumentException.class,
                () -> StoppingRule.relative(1e-6).withMaxIterations(-5)).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> StoppingRule.relative(0)).getMessage().startsWith("relativeTolerance and absoluteTolerance"));
        assertEquals("absoluteTolerance must be finite and >= 0, got NaN", assertThrows(
                IllegalArgumentException.class, () -> StoppingRule.relative(1).withAbsoluteTolerance(Double.NaN))
                .getMessage());
    }

    @Test
    void identityPreconditionerIsPlainConjugateGradient() {
        ConjugateGradient cg = new ConjugateGradient(StoppingRule.relative(1e-10));
        assertSame(cg.rule(), cg.rule());
        double[] plain = new double[b.length];
        double[] identity = new double[b.length];
        int a = cg.solve(system, b, plain).iterations();
        Preconditioner copy = (r, z) -> System.arraycopy(r, 0, z, 0, r.length);
        int c = cg.solve(system, b, identity, copy).iterations();
        assertEquals(a, c);
        assertEquals(0, GridSystemFixtures.relativeError(plain, identity), 1e-12);
    }

    private double[] solveWith(StoppingRule rule) {
        double[] x = new double[b.length];
        new ConjugateGradient(rule).solve(system, b, x);
        return x;
    }

    private double[] residual(double[] x) {
        double[] ax = new double[x.length];
        system.apply(x, ax);
        for (int i = 0; i < ax.length; i++) {
            ax[i] = b[i] - ax[i];
        }
        return ax;
    }

    private static double norm(double[] v) {
        return Math.sqrt(VectorOps.dot(v, v, v.length));
    }
}
