package org.unet4j.solvers.linear;

import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * CG, Jacobi-PCG, multigrid-PCG, the multigrid V-cycle alone and both nested-dissection sparse Cholesky
 * factorisations (ours and EJML's) all solve
 * random SoftCut systems (1-D to 3-D, weights up to 1e3) to the solution of EJML's dense solve.
 */
class SolversAgreeWithDenseSolveProperties {
    private static final StoppingRule TIGHT = StoppingRule.relative(1e-12).withMaxIterations(5_000);

    @Provide
    Arbitrary<GridSystemFixtures.Case> cases() {
        return GridSystemFixtures.smallCases();
    }

    @Property(tries = 40)
    void conjugateGradient(@ForAll("cases") GridSystemFixtures.Case c) {
        GridLaplacianSystem system = c.system();
        double[] b = c.rightHandSide();
        double[] x = b.clone();
        IterativeSolveResult result = new ConjugateGradient(TIGHT).solve(system, b, x);
        assertTrue(result.converged(), result::toString);
        assertClose(GridSystemFixtures.denseSolve(system, b), x, c);
    }

    @Property(tries = 40)
    void jacobiPreconditionedConjugateGradient(@ForAll("cases") GridSystemFixtures.Case c) {
        GridLaplacianSystem system = c.system();
        double[] b = c.rightHandSide();
        double[] x = new double[b.length];
        IterativeSolveResult result = new ConjugateGradient(TIGHT).solve(system, b, x,
                JacobiPreconditioner.of(system));
        assertTrue(result.converged(), result::toString);
        assertClose(GridSystemFixtures.denseSolve(system, b), x, c);
    }

    @Property(tries = 40)
    void multigridPreconditionedConjugateGradient(@ForAll("cases") GridSystemFixtures.Case c) {
        GridLaplacianSystem system = c.system();
        double[] b = c.rightHandSide();
        double[] x = b.clone();
        IterativeSolveResult result = new ConjugateGradient(TIGHT).solve(system, b, x, GridMultigrid.of(system));
        assertTrue(result.converged(), result::toString);
        assertClose(GridSystemFixtures.denseSolve(system, b), x, c);
    }

    @Property(tries = 40)
    void multigridVCyclesAlone(@ForAll("cases") GridSystemFixtures.Case c) {
        GridLaplacianSystem system = c.system();
        double[] b = c.rightHandSide();
        double[] x = new double[b.length];
        IterativeSolveResult result = GridMultigrid.of(system).solve(b, x, TIGHT.withMaxIterations(200));
        assertTrue(result.converged(), result::toString);
        assertClose(GridSystemFixtures.denseSolve(system, b), x, c);
    }

    @Property(tries = 40)
    void nestedDissectionMultifrontalCholesky(@ForAll("cases") GridSystemFixtures.Case c) {
        GridLaplacianSystem system = c.system();
        double[] b = c.rightHandSide();
        double[] x = new double[b.length];
        SparseCholesky.forGrid(c.sizes()).factor(system).solve(b, x);
        assertClose(GridSystemFixtures.denseSolve(system, b), x, c);
    }

    @Property(tries = 40)
    void nestedDissectionEjmlCholesky(@ForAll("cases") GridSystemFixtures.Case c) {
        GridLaplacianSystem system = c.system();
        double[] b = c.rightHandSide();
        double[] x = new double[b.length];
        SparseCholesky.upLooking(NestedDissection.order(c.sizes())).factor(system.assemble()).solve(b, x);
        assertClose(GridSystemFixtures.denseSolve(system, b), x, c);
    }

    private static void assertClose(double[] expected, double[] actual, GridSystemFixtures.Case c) {
        double error = GridSystemFixtures.relativeError(actual, expected);
        assertTrue(error < 1e-7, () -> "relative error " + error + " on " + c);
    }
}
