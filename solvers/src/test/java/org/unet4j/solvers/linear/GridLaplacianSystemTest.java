package org.unet4j.solvers.linear;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Arbitrary;
import org.ejml.data.DMatrixRMaj;
import org.ejml.data.DMatrixSparseCSC;
import org.ejml.ops.DConvertMatrixStruct;
import org.junit.jupiter.api.Test;

/** The SoftCut operator: matrix-free apply against its assembly, the thesis's 2-D formula, and its checks. */
class GridLaplacianSystemTest {

    @Provide
    Arbitrary<GridSystemFixtures.Case> cases() {
        return GridSystemFixtures.smallCases();
    }

    @Property(tries = 60)
    void applyEqualsAssembledMatrixTimesVector(@ForAll("cases") GridSystemFixtures.Case c) {
        GridLaplacianSystem system = c.system();
        double[] x = c.rightHandSide();
        double[] y = new double[x.length];
        system.apply(x, y);
        double[] expected = new double[x.length];
        SymmetricOperator.of(system.assemble()).apply(x, expected);
        assertArrayEquals(expected, y, 1e-9 * (1 + c.maxWeight()));
    }

    @Property(tries = 60)
    void assemblyIsSymmetricWithTheDiagonalAndZeroRowSumsOfTheLaplacian(@ForAll("cases") GridSystemFixtures.Case c) {
        GridLaplacianSystem system = c.system();
        DMatrixRMaj a = DConvertMatrixStruct.convert(system.assemble(), (DMatrixRMaj) null);
        double[] diagonal = new double[system.size()];
        system.diagonal(diagonal);
        for (int i = 0; i < a.numRows; i++) {
            double rowSum = 0;
            for (int j = 0; j < a.numCols; j++) {
                assertEquals(a.get(i, j), a.get(j, i), 0.0);
                rowSum += a.get(i, j);
            }
            assertEquals(diagonal[i], a.get(i, i), 1e-12 * diagonal[i]);
            assertEquals(1.0, rowSum, 1e-9 * (1 + c.maxWeight()), "A 1 = 1 since L_w 1 = 0");
        }
    }

    @Property(tries = 30)
    void edgeDifferenceProductsAreTheWeightDerivativesOfTheBilinearForm(@ForAll("cases") GridSystemFixtures.Case c) {
        GridLaplacianSystem system = c.system();
        double[] u = GridSystemFixtures.gaussian(system.size(), c.seed() + 3);
        double[] v = GridSystemFixtures.gaussian(system.size(), c.seed() + 4);
        double[][] derivative = new double[system.dimensions()][];
        for (int k = 0; k < derivative.length; k++) {
            derivative[k] = new double[system.edgeCount(k)];
        }
        system.edgeDifferenceProducts(u, v, derivative);
        double[] av = new double[v.length];
        for (int k = 0; k < derivative.length; k++) {
            double[] w = system.weights(k);
            for (int e = 0; e < w.length; e++) {
                // u^T A v is affine in each weight: one difference quotient with step 1 is exact up to rounding
                double saved = w[e];
                system.apply(v, av);
                double before = VectorOps.dot(u, av, u.length);
                w[e] = saved + 1;
                system.apply(v, av);
                double after = VectorOps.dot(u, av, u.length);
                w[e] = saved;
                assertEquals(after - before, derivative[k][e], 1e-9 * (1 + Math.abs(before)),
                        "axis " + k + " edge " + e);
            }
        }
    }

    @Test
    void twoByTwoGridMatchesEquation15OfTheThesis() {
        // columns C (edges (i,j)-(i+1,j)) are axis 0, rows R (edges (i,j)-(i,j+1)) are axis 1
        double[] c = {2, 3};
        double[] r = {5, 7};
        DMatrixSparseCSC a = new GridLaplacianSystem(new int[] {2, 2}, c, r).assemble();
        double[][] expected = {
            {1 + 2 + 5, -5, -2, 0},
            {-5, 1 + 3 + 5, 0, -3},
            {-2, 0, 1 + 2 + 7, -7},
            {0, -3, -7, 1 + 3 + 7}};
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 4; j++) {
                assertEquals(expected[i][j], a.get(i, j), 0.0, "entry " + i + ", " + j);
            }
        }
        assertTrue(a.indicesSorted);
    }

    @Test
    void zeroWeightsAreStoredSoThePatternDependsOnTheSizesAlone() {
        GridLaplacianSystem zero = new GridLaplacianSystem(new int[] {3, 4}, new double[8], new double[9]);
        assertEquals(12 + 2 * (8 + 9), zero.assemble().nz_length);
    }

    @Test
    void laplacianAloneAnnihilatesConstants() {
        GridLaplacianSystem system = RandomGridSystems.uniform(new int[] {4, 3, 5}, 10, 3);
        double[] ones = new double[system.size()];
        java.util.Arrays.fill(ones, 1);
        double[] y = new double[ones.length];
        system.applyLaplacian(ones, y);
        assertArrayEquals(new double[ones.length], y, 1e-12);
    }

    @Test
    void negativeWeightIsRejectedWithAxisIndexAndValue() {
        double[] rows = new double[6];
        rows[4] = -0.25;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new GridLaplacianSystem(new int[] {3, 3}, new double[6], rows));
        assertEquals("edge weight of axis 1 at index 4 (edge from [2, 0] along axis 1) is -0.25; "
                + "SoftCut edge weights must be finite and >= 0", e.getMessage());
    }

    @Test
    void nanAndInfiniteWeightsAreRejected() {
        double[] columns = {0, Double.NaN};
        IllegalArgumentException nan = assertThrows(IllegalArgumentException.class,
                () -> new GridLaplacianSystem(new int[] {3}, columns));
        assertTrue(nan.getMessage().contains("axis 0 at index 1") && nan.getMessage().contains("NaN"),
                nan.getMessage());
        double[] infinite = {Double.POSITIVE_INFINITY, 0};
        assertThrows(IllegalArgumentException.class, () -> new GridLaplacianSystem(new int[] {3}, infinite));
    }

    @Test
    void wrongWeightShapesAreRejected() {
        IllegalArgumentException count = assertThrows(IllegalArgumentException.class,
                () -> new GridLaplacianSystem(new int[] {3, 3}, new double[6]));
        assertEquals("a 2-dimensional grid needs 2 weight arrays (one per axis), got 1", count.getMessage());
        IllegalArgumentException length = assertThrows(IllegalArgumentException.class,
                () -> new GridLaplacianSystem(new int[] {3, 4}, new double[8], new double[8]));
        assertEquals("the weights of axis 1 must have 9 entries (grid [3, 4] with 3 along axis 1), got 8",
                length.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new GridLaplacianSystem(new int[] {0}, new double[0]));
    }
}
