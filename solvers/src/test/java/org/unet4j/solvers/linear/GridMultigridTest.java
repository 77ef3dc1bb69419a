package org.unet4j.solvers.linear;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** V- and W-cycles are symmetric positive definite preconditioners and the hierarchy handles any grid size. */
class GridMultigridTest {

    @Provide
    Arbitrary<GridSystemFixtures.Case> cases() {
        return GridSystemFixtures.multilevelCases();
    }

    @Property(tries = 20)
    void everyCycleIsSymmetricAndPositive(@ForAll("cases") GridSystemFixtures.Case c,
            @ForAll GridMultigrid.Cycle cycle) {
        GridLaplacianSystem system = c.system();
        GridMultigrid multigrid = GridMultigrid.of(system, 2, cycle);
        assertTrue(multigrid.levelCount() >= 2, multigrid::toString);
        double[] r1 = GridSystemFixtures.gaussian(system.size(), c.seed() + 7);
        double[] r2 = GridSystemFixtures.gaussian(system.size(), c.seed() + 8);
        double[] z1 = new double[r1.length];
        double[] z2 = new double[r2.length];
        multigrid.apply(r1, z1);
        multigrid.apply(r2, z2);
        double cross1 = VectorOps.dot(r2, z1, r1.length);
        double cross2 = VectorOps.dot(r1, z2, r1.length);
        double scale = Math.sqrt(VectorOps.dot(r1, z1, r1.length) * VectorOps.dot(r2, z2, r2.length));
        assertEquals(cross1, cross2, 1e-10 * scale, "r2^T B r1 = r1^T B r2");
        assertTrue(VectorOps.dot(r1, z1, r1.length) > 0);
    }

    @Test
    void coarsensEveryAxisToItsEvenPointsAndItsLastPointUntilSmall() {
        GridMultigrid multigrid = GridMultigrid.of(RandomGridSystems.uniform(new int[] {65, 32}, 5, 1));
        assertArrayEquals(new int[] {65, 32}, multigrid.levelSizes(0));
        assertArrayEquals(new int[] {33, 17}, multigrid.levelSizes(1));
        assertArrayEquals(new int[] {17, 9}, multigrid.levelSizes(2));
        assertEquals(3, multigrid.levelCount(), multigrid::toString);
    }

    @Test
    void thinGridsKeepSizeOneAxes() {
        GridLaplacianSystem system = RandomGridSystems.uniform(new int[] {1, 700}, 100, 2);
        GridMultigrid multigrid = GridMultigrid.of(system);
        assertArrayEquals(new int[] {1, 351}, multigrid.levelSizes(1));
        double[] b = GridSystemFixtures.gaussian(system.size(), 3);
        IterativeSolveResult result = multigrid.solve(b, new double[b.length], StoppingRule.relative(1e-10));
        assertTrue(result.converged() && result.iterations() < 20, result::toString);
    }

    @Test
    void pcgNeedsFewIterationsForLargeWeights() {
        GridLaplacianSystem system = RandomGridSystems.uniform(new int[] {96, 80}, 1000, 3);
        double[] b = GridSystemFixtures.gaussian(system.size(), 4);
        double[] x = b.clone();
        IterativeSolveResult result = new ConjugateGradient(StoppingRule.relative(1e-6)).solve(system, b, x,
                GridMultigrid.of(system));
        assertTrue(result.converged() && result.iterations() <= 15, result::toString);
    }

    @Test
    void wCyclesKeepHighContrastRegionsWithinFifteenIterations() {
        ConjugateGradient cg = new ConjugateGradient(StoppingRule.relative(1e-6));
        for (long seed = 4; seed <= 9; seed++) {
            GridLaplacianSystem system = RandomGridSystems.voronoi(new int[] {64, 64}, 12, 1000, 1e-3, seed);
            double[] b = GridSystemFixtures.gaussian(system.size(), seed);
            IterativeSolveResult w = cg.solve(system, b, b.clone(), GridMultigrid.of(system, 3, GridMultigrid.Cycle.W));
            IterativeSolveResult v = cg.solve(system, b, b.clone(), GridMultigrid.of(system));
            assertTrue(w.converged() && w.iterations() <= 15, () -> "W(3,3): " + w);
            assertTrue(w.iterations() <= v.iterations(), () -> "W(3,3) " + w + " against V(2,2) " + v);
        }
    }

    @Test
    void toStringNamesTheCycleAndTheLevels() {
        GridLaplacianSystem system = RandomGridSystems.uniform(new int[] {65, 32}, 5, 1);
        assertEquals("GridMultigrid W(3,3), levels [65, 32] [33, 17] [17, 9]",
                GridMultigrid.of(system, 3, GridMultigrid.Cycle.W).toString());
    }

    @Test
    void sweepsSizesAndCycleAreChecked() {
        GridLaplacianSystem system = RandomGridSystems.uniform(new int[] {4, 4}, 1, 1);
        assertEquals("sweeps must be >= 1, got 0", assertThrows(IllegalArgumentException.class,
                () -> new GridMultigrid(system.sizes(), system.assemble(), 0)).getMessage());
        assertEquals("grid [5, 4] has 20 points but the matrix is 16 x 16", assertThrows(
                IllegalArgumentException.class, () -> new GridMultigrid(new int[] {5, 4}, system.assemble(), 1))
                .getMessage());
        assertEquals("cycle is null; pass GridMultigrid.Cycle.V or GridMultigrid.Cycle.W", assertThrows(
                IllegalArgumentException.class, () -> GridMultigrid.of(system, 2, null)).getMessage());
    }
}
