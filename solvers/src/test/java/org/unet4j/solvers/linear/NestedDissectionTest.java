package org.unet4j.solvers.linear;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.ejml.data.DMatrixSparseCSC;
import org.ejml.sparse.csc.CommonOps_DSCC;
import org.ejml.sparse.csc.decomposition.chol.CholeskyUpLooking_DSCC;
import org.junit.jupiter.api.Test;

/** The nested-dissection ordering is a permutation and cuts the fill of the Cholesky factor. */
class NestedDissectionTest {

    @Property(tries = 50)
    void isAPermutationOfTheGridPoints(@ForAll @Size(min = 1, max = 3) int[] rawSizes,
                                       @ForAll @IntRange(min = 0, max = 1000) int salt) {
        int[] sizes = new int[rawSizes.length];
        for (int k = 0; k < sizes.length; k++) {
            sizes[k] = 1 + Math.floorMod(rawSizes[k] + salt * (k + 1), rawSizes.length == 3 ? 9 : 30);
        }
        Permutation p = NestedDissection.order(sizes);
        int n = GridLaplacianSystem.pointCount(sizes);
        assertEquals(n, p.size());
        boolean[] seen = new boolean[n];
        for (int i = 0; i < n; i++) {
            int old = p.oldIndex(i);
            assertTrue(!seen[old], "index " + old + " twice");
            seen[old] = true;
            assertEquals(i, p.newIndex(old));
        }
    }

    @Test
    void separatorComesLast() {
        // 5 points in a line: halves {0, 1} and {3, 4} first, the middle point 2 last
        Permutation p = NestedDissection.order(5);
        assertEquals(2, p.oldIndex(4));
    }

    @Test
    void reducesFillAgainstNaturalOrderingOn32By32() {
        GridLaplacianSystem system = RandomGridSystems.uniform(new int[] {32, 32}, 1, 7);
        int natural = factorNonZeros(system.assemble(), Permutation.identity(system.size()));
        int dissected = factorNonZeros(system.assemble(), NestedDissection.order(32, 32));
        // natural order is banded with bandwidth 32: about 32^3 = 32768 entries; nested dissection about half
        assertTrue(natural > 30_000, "natural fill " + natural);
        assertTrue(dissected < 0.6 * natural, "nested dissection " + dissected + " vs natural " + natural);
    }

    @Test
    void reducesFillMoreOnLargerGrids() {
        GridLaplacianSystem system = RandomGridSystems.uniform(new int[] {12, 12, 12}, 1, 7);
        int natural = factorNonZeros(system.assemble(), Permutation.identity(system.size()));
        int dissected = factorNonZeros(system.assemble(), NestedDissection.order(12, 12, 12));
        assertTrue(dissected < 0.5 * natural, "nested dissection " + dissected + " vs natural " + natural);
    }

    @Test
    void notAPermutationIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Permutation(new int[] {0, 2, 2}));
        assertEquals("not a permutation: 2 appears at 1 and at 2", e.getMessage());
    }

    /** Entries of {@code L} for {@code P A P^T = L L^T}, with EJML's symbolic and numeric factorisation. */
    private static int factorNonZeros(DMatrixSparseCSC a, Permutation p) {
        DMatrixSparseCSC permuted = new DMatrixSparseCSC(1, 1);
        CommonOps_DSCC.permuteSymmetric(a, p.inverse(), permuted, null);
        CholeskyUpLooking_DSCC cholesky = new CholeskyUpLooking_DSCC();
        assertTrue(cholesky.decompose(permuted));
        return cholesky.getL().nz_length;
    }
}
