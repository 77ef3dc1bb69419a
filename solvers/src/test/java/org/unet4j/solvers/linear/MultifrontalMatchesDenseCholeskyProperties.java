package org.unet4j.solvers.linear;

import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.linsol.LinearSolverDense;
import org.ejml.ops.DConvertMatrixStruct;

/**
 * The nested-dissection multifrontal Cholesky solves random SoftCut systems on odd-sized 2-D grids (15^2 to 41^2)
 * and 3-D grids (5^3 to 11^3), whose top separators make fronts of several panels, to the solution of EJML's dense
 * Cholesky of the assembled matrix and to that of EJML's up-looking sparse Cholesky on the same ordering.
 */
class MultifrontalMatchesDenseCholeskyProperties {

    @Provide
    Arbitrary<GridSystemFixtures.Case> planar() {
        return oddGrids(2, 15, 41);
    }

    @Provide
    Arbitrary<GridSystemFixtures.Case> volumetric() {
        return oddGrids(3, 5, 11);
    }

    @Property(tries = 12)
    void onOddPlanarGrids(@ForAll("planar") GridSystemFixtures.Case c) {
        assertMatchesDenseCholesky(c);
    }

    @Property(tries = 12)
    void onOddVolumetricGrids(@ForAll("volumetric") GridSystemFixtures.Case c) {
        assertMatchesDenseCholesky(c);
    }

    private static void assertMatchesDenseCholesky(GridSystemFixtures.Case c) {
        GridLaplacianSystem system = c.system();
        double[] b = c.rightHandSide();
        double[] ours = new double[b.length];
        SparseCholesky.forGrid(c.sizes()).factor(system).solve(b, ours);
        double[] upLooking = new double[b.length];
        SparseCholesky.upLooking(NestedDissection.order(c.sizes())).factor(system).solve(b, upLooking);
        double[] dense = denseCholeskySolve(system, b);
        double toDense = GridSystemFixtures.relativeError(ours, dense);
        assertTrue(toDense < 1e-10, () -> "relative error " + toDense + " to the dense Cholesky on " + c);
        double toUpLooking = GridSystemFixtures.relativeError(ours, upLooking);
        assertTrue(toUpLooking < 1e-10, () -> "relative error " + toUpLooking + " to the up-looking one on " + c);
    }

    /** Odd sizes in {@code [smallest, largest]} per axis, weights in {@code [0, 0.1]} up to {@code [0, 100]}. */
    private static Arbitrary<GridSystemFixtures.Case> oddGrids(int dims, int smallest, int largest) {
        Arbitrary<int[]> sizes = Arbitraries.integers().between(smallest / 2, largest / 2).map(h -> 2 * h + 1)
                .array(int[].class).ofSize(dims);
        Arbitrary<Double> scale = Arbitraries.of(0.1, 1.0, 5.0, 100.0);
        return Combinators.combine(sizes, scale, Arbitraries.longs()).as(GridSystemFixtures.Case::new);
    }

    private static double[] denseCholeskySolve(GridLaplacianSystem system, double[] b) {
        DMatrixRMaj a = DConvertMatrixStruct.convert(system.assemble(), (DMatrixRMaj) null);
        LinearSolverDense<DMatrixRMaj> cholesky = LinearSolverFactory_DDRM.chol(a.numRows);
        if (!cholesky.setA(a)) {
            throw new AssertionError("dense Cholesky failed: the assembled matrix is not positive definite");
        }
        DMatrixRMaj x = new DMatrixRMaj(b.length, 1);
        cholesky.solve(DMatrixRMaj.wrap(b.length, 1, b.clone()), x);
        return x.data;
    }
}
