package org.unet4j.solvers.linear;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.Function;
import java.util.stream.Stream;
import org.ejml.data.DMatrixRMaj;
import org.ejml.data.DMatrixSparseCSC;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Symbolic reuse, several right-hand sides and the errors of both {@link SparseCholesky} implementations. */
class SparseCholeskyTest {

    static Stream<Function<Permutation, SparseCholesky>> implementations() {
        return Stream.of(SparseCholesky::multifrontal, SparseCholesky::upLooking);
    }

    @ParameterizedTest
    @MethodSource("implementations")
    void reusedSymbolicFactorisationGivesTheSameResultAsAFreshOne(Function<Permutation, SparseCholesky> create) {
        int[] sizes = {9, 7, 5};
        SparseCholesky reused = create.apply(NestedDissection.order(sizes));
        reused.factor(RandomGridSystems.uniform(sizes, 3, 1));
        assertFalse(reused.symbolicReused());
        GridLaplacianSystem second = RandomGridSystems.uniform(sizes, 700, 2);
        reused.factor(second);
        assertTrue(reused.symbolicReused());
        SparseCholesky fresh = create.apply(NestedDissection.order(sizes)).factor(second);
        assertFalse(fresh.symbolicReused());

        double[] b = GridSystemFixtures.gaussian(second.size(), 3);
        double[] x1 = new double[b.length];
        double[] x2 = new double[b.length];
        reused.solve(b, x1);
        fresh.solve(b, x2);
        assertArrayEquals(x2, x1, 0.0);
        assertEquals(0, GridSystemFixtures.relativeError(x1, GridSystemFixtures.denseSolve(second, b)), 1e-10);
    }

    @ParameterizedTest
    @MethodSource("implementations")
    void newPatternRedoesTheSymbolicFactorisation(Function<Permutation, SparseCholesky> create) {
        SparseCholesky cholesky = create.apply(Permutation.identity(4));
        cholesky.factor(tridiagonal(4, -1));
        DMatrixSparseCSC diagonal = new DMatrixSparseCSC(4, 4);
        for (int i = 0; i < 4; i++) {
            diagonal.set(i, i, 2);
        }
        cholesky.factor(diagonal);
        assertFalse(cholesky.symbolicReused());
        double[] x = new double[4];
        cholesky.solve(new double[] {2, 4, 6, 8}, x);
        assertArrayEquals(new double[] {1, 2, 3, 4}, x, 1e-15);
    }

    @ParameterizedTest
    @MethodSource("implementations")
    void oneFactorisationSolvesSeveralRightHandSides(Function<Permutation, SparseCholesky> create) {
        int[] sizes = {10, 11};
        GridLaplacianSystem system = RandomGridSystems.uniform(sizes, 50, 4);
        SparseCholesky cholesky = create.apply(NestedDissection.order(sizes)).factor(system);
        int n = system.size();
        DMatrixRMaj b = new DMatrixRMaj(n, 3);
        for (int c = 0; c < 3; c++) {
            double[] column = GridSystemFixtures.gaussian(n, 10 + c);
            for (int i = 0; i < n; i++) {
                b.set(i, c, column[i]);
            }
        }
        DMatrixRMaj x = new DMatrixRMaj(n, 3);
        cholesky.solve(b, x);
        for (int c = 0; c < 3; c++) {
            double[] column = new double[n];
            double[] solution = new double[n];
            for (int i = 0; i < n; i++) {
                column[i] = b.get(i, c);
                solution[i] = x.get(i, c);
            }
            assertEquals(0, GridSystemFixtures.relativeError(solution,
                    GridSystemFixtures.denseSolve(system, column)), 1e-10);
        }
    }

    @Test
    void bothImplementationsHaveTheSameFillAndSolution() {
        int[] sizes = {17, 13};
        GridLaplacianSystem system = RandomGridSystems.uniform(sizes, 20, 5);
        double[] b = GridSystemFixtures.gaussian(system.size(), 6);
        double[] x1 = new double[b.length];
        double[] x2 = new double[b.length];
        SparseCholesky ejml = SparseCholesky.upLooking(NestedDissection.order(sizes)).factor(system);
        SparseCholesky ours = SparseCholesky.forGrid(sizes).factor(system);
        ejml.solve(b, x1);
        ours.solve(b, x2);
        assertEquals(0, GridSystemFixtures.relativeError(x2, x1), 1e-12);
        // the multifrontal factor stores a few explicit zeros (relaxed supernodes), never fewer entries
        assertTrue(ours.factorNonZeros() >= ejml.factorNonZeros());
        assertTrue(ours.factorNonZeros() < 1.5 * ejml.factorNonZeros());
    }

    @Test
    void solvingInPlaceIsAllowed() {
        GridLaplacianSystem system = RandomGridSystems.uniform(new int[] {6, 6}, 5, 8);
        double[] b = GridSystemFixtures.gaussian(system.size(), 9);
        double[] expected = GridSystemFixtures.denseSolve(system, b);
        SparseCholesky.forGrid(6, 6).factor(system).solve(b, b);
        assertEquals(0, GridSystemFixtures.relativeError(b, expected), 1e-12);
    }

    @Test
    void indefiniteMatrixIsReportedAsNotPositiveDefinite() {
        NotPositiveDefiniteException ejml = assertThrows(NotPositiveDefiniteException.class,
                () -> SparseCholesky.upLooking(Permutation.identity(4)).factor(tridiagonal(4, -3)));
        assertEquals("sparse Cholesky met a non-positive pivot: the 4 x 4 matrix is not symmetric positive definite",
                ejml.getMessage());
        NotPositiveDefiniteException ours = assertThrows(NotPositiveDefiniteException.class,
                () -> SparseCholesky.multifrontal(Permutation.identity(4)).factor(tridiagonal(4, -3)));
        assertTrue(ours.getMessage().matches("sparse Cholesky met the pivot -2\\.[0-9]+ in column 1 of the reordered "
                + "matrix: the 4 x 4 matrix is not symmetric positive definite"), ours.getMessage());
    }

    @ParameterizedTest
    @MethodSource("implementations")
    void nonSymmetricMatrixIsReportedAsNotSymmetricPositiveDefinite(Function<Permutation, SparseCholesky> create) {
        DMatrixSparseCSC a = tridiagonal(3, -1);
        a.set(0, 1, -0.5);
        NotPositiveDefiniteException e = assertThrows(NotPositiveDefiniteException.class,
                () -> create.apply(Permutation.identity(3)).factor(a));
        assertEquals("the matrix is not symmetric, so not symmetric positive definite: a(1, 0) = -1.0 but "
                + "a(0, 1) = -0.5", e.getMessage());
    }

    @ParameterizedTest
    @MethodSource("implementations")
    void nonFiniteEntryIsReportedAsNonFiniteWithItsPosition(Function<Permutation, SparseCholesky> create) {
        for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY}) {
            DMatrixSparseCSC a = tridiagonal(3, -1);
            a.set(1, 1, bad);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> create.apply(Permutation.identity(3)).factor(a));
            assertTrue(e.getMessage().startsWith("non-finite entry a(1, 1) = " + bad + " in the 3 x 3 matrix"),
                    e.getMessage());
        }
    }

    @Test
    void solveBeforeFactorAndWrongSizesAreRejected() {
        SparseCholesky cholesky = SparseCholesky.forGrid(3, 3);
        assertThrows(IllegalStateException.class, () -> cholesky.solve(new double[9], new double[9]));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> cholesky.factor(tridiagonal(4, -1)));
        assertEquals("ordering of size 9 cannot factor a 4 x 4 matrix", e.getMessage());
    }

    /** {@code 2} on the diagonal, {@code off} beside it. */
    private static DMatrixSparseCSC tridiagonal(int n, double off) {
        DMatrixSparseCSC a = new DMatrixSparseCSC(n, n);
        for (int i = 0; i < n; i++) {
            a.set(i, i, 2);
            if (i + 1 < n) {
                a.set(i, i + 1, off);
                a.set(i + 1, i, off);
            }
        }
        return a;
    }
}
