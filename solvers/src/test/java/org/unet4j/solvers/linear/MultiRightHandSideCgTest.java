package org.unet4j.solvers.linear;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** {@link ConjugateGradient#solveAll}: one CG per right-hand side, sharing the operator applications. */
class MultiRightHandSideCgTest {

    @Test
    void everyColumnGetsTheIteratesAndIterationCountOfItsOwnSolve() {
        GridLaplacianSystem plane = RandomGridSystems.uniform(new int[] {24, 20}, 5, 3);
        GridLaplacianSystem cube = RandomGridSystems.uniform(new int[] {6, 7, 8}, 5, 4);
        StoppingRule thesis = StoppingRule.softCutThesis();
        StoppingRule relative = StoppingRule.relative(1e-9);
        for (GridLaplacianSystem system : new GridLaplacianSystem[] {plane, cube}) {
            for (StoppingRule rule : new StoppingRule[] {thesis, relative}) {
                for (Preconditioner m : new Preconditioner[] {Preconditioner.IDENTITY,
                        JacobiPreconditioner.of(system)}) {
                    double[][] b = new double[4][];
                    for (int c = 0; c < b.length; c++) {
                        b[c] = GridSystemFixtures.gaussian(system.size(), 20 + c);
                        scale(b[c], Math.pow(10, c - 1));
                    }
                    double[][] x = copies(b);
                    IterativeSolveResult[] all = new ConjugateGradient(rule).solveAll(system, b, x, m);
                    for (int c = 0; c < b.length; c++) {
                        double[] alone = b[c].clone();
                        IterativeSolveResult single = new ConjugateGradient(rule).solve(system, b[c], alone, m);
                        String where = system + " " + rule + " column " + c;
                        assertEquals(single.iterations(), all[c].iterations(), where);
                        assertEquals(single.converged(), all[c].converged(), where);
                        assertEquals(single.residual(), all[c].residual(), 1e-12 * single.threshold(), where);
                        assertArrayEquals(alone, x[c], 1e-12 * Math.pow(10, c - 1), where);
                    }
                }
            }
        }
    }

    @Test
    void theOneWeightPassGivesEveryActiveColumnItsOwnProductAndLeavesTheOthers() {
        GridLaplacianSystem system = RandomGridSystems.uniform(new int[] {5, 6, 7}, 3, 9);
        double[][] x = new double[3][];
        for (int c = 0; c < 3; c++) {
            x[c] = GridSystemFixtures.gaussian(system.size(), c);
        }
        double[][] y = new double[3][system.size()];
        Arrays.fill(y[1], 42);
        system.applyAll(x, y, new boolean[] {true, false, true});
        for (int c : new int[] {0, 2}) {
            double[] alone = new double[system.size()];
            system.apply(x[c], alone);
            assertArrayEquals(alone, y[c], 0.0, "column " + c);
        }
        assertTrue(Arrays.stream(y[1]).allMatch(v -> v == 42));
    }

    @Test
    void aColumnThatHasConvergedStopsUpdatingAndIsNoLongerMultiplied() {
        GridLaplacianSystem system = RandomGridSystems.uniform(new int[] {16, 16}, 5, 7);
        CountingOperator counting = new CountingOperator(system, 2);
        double[] constant = new double[system.size()];
        Arrays.fill(constant, 0.25);   // A 1 = 1: the warm start x_0 = b is already the solution
        double[][] b = {constant, GridSystemFixtures.gaussian(system.size(), 5)};
        double[][] x = copies(b);
        IterativeSolveResult[] results = new ConjugateGradient(StoppingRule.relative(1e-10))
                .solveAll(counting, b, x, Preconditioner.IDENTITY);
        assertEquals(0, results[0].iterations());
        assertTrue(results[1].iterations() > 5, results[1].toString());
        assertArrayEquals(constant, x[0], 0.0);
        assertEquals(1, counting.products[0], "only the initial residual");
        assertEquals(1 + results[1].iterations(), counting.products[1]);
    }

    @Test
    void aColumnThatDoesNotConvergeIsNamedAndTheOthersAreReportedConverged() {
        GridLaplacianSystem system = RandomGridSystems.uniform(new int[] {16, 16}, 5, 7);
        double[] constant = new double[system.size()];
        Arrays.fill(constant, -1.5);
        double[][] b = {constant, GridSystemFixtures.gaussian(system.size(), 6), constant};
        StoppingRule capped = StoppingRule.relative(1e-10).withMaxIterations(3);
        IterativeSolveResult[] results = new ConjugateGradient(capped)
                .solveAll(system, b, copies(b), Preconditioner.IDENTITY);
        assertTrue(results[0].converged());
        assertFalse(results[1].converged());
        assertEquals(3, results[1].iterations());
        assertTrue(results[2].converged());
        NotConvergedException e = assertThrows(NotConvergedException.class, () -> new ConjugateGradient(
                capped.throwingIfNotConverged()).solveAll(system, b, copies(b), Preconditioner.IDENTITY));
        assertTrue(e.getMessage().contains("column 1 of 3"), e.getMessage());
        assertFalse(e.result().converged());
    }

    @Test
    void mismatchedColumnsAreRejectedByIndex() {
        GridLaplacianSystem system = RandomGridSystems.uniform(new int[] {4, 4}, 1, 1);
        double[][] b = {new double[16], new double[15]};
        String message = assertThrows(IllegalArgumentException.class, () -> new ConjugateGradient(
                StoppingRule.relative(1e-8)).solveAll(system, b, new double[][] {new double[16], new double[16]},
                Preconditioner.IDENTITY)).getMessage();
        assertTrue(message.contains("column 1"), message);
    }

    private static double[][] copies(double[][] b) {
        double[][] x = new double[b.length][];
        for (int c = 0; c < b.length; c++) {
            x[c] = b[c].clone();
        }
        return x;
    }

    private static void scale(double[] v, double factor) {
        for (int i = 0; i < v.length; i++) {
            v[i] *= factor;
        }
    }

    /** An operator that counts, per column, how often {@link #applyAll} multiplied it. */
    private static final class CountingOperator implements SymmetricOperator {
        private final SymmetricOperator a;
        private final int[] products;

        CountingOperator(SymmetricOperator a, int columns) {
            this.a = a;
            this.products = new int[columns];
        }

        @Override
        public int size() {
            return a.size();
        }

        @Override
        public void apply(double[] x, double[] y) {
            throw new AssertionError("a multi-right-hand-side solve multiplies through applyAll");
        }

        @Override
        public void applyAll(double[][] x, double[][] y, boolean[] active) {
            for (int c = 0; c < active.length; c++) {
                products[c] += active[c] ? 1 : 0;
            }
            a.applyAll(x, y, active);
        }
    }
}
