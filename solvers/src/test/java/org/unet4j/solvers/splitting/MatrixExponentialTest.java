package org.unet4j.solvers.splitting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.MatrixFeatures_DDRM;
import org.junit.jupiter.api.Test;

class MatrixExponentialTest {

    @Property(tries = 30)
    void matchesTheEigendecompositionForSymmetricMatrices(@ForAll @IntRange(min = 1, max = 7) int n,
            @ForAll @DoubleRange(min = 0.01, max = 30) double t, @ForAll long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        DMatrixRMaj a = SymmetricSystems.randomSpd(rng, n, 0.1);
        DMatrixRMaj x = a.copy();
        CommonOps_DDRM.scale(-t, x);
        DMatrixRMaj e = MatrixExponential.exp(x);
        for (int j = 0; j < n; j++) {
            double[] unit = new double[n];
            unit[j] = 1;
            double[] column = SymmetricSystems.exactSolution(a, new double[n], unit, t);
            for (int i = 0; i < n; i++) {
                assertEquals(column[i], e.get(i, j), 1e-12 * (1 + Math.abs(column[i])), "entry " + i + ", " + j);
            }
        }
    }

    @Property(tries = 30)
    void isASemigroupForGeneralMatrices(@ForAll @IntRange(min = 1, max = 6) int n,
            @ForAll @DoubleRange(min = 0.1, max = 4) double scale, @ForAll long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        DMatrixRMaj x = new DMatrixRMaj(n, n);
        for (int i = 0; i < x.data.length; i++) {
            x.data[i] = scale * rng.nextGaussian();
        }
        DMatrixRMaj twice = x.copy();
        CommonOps_DDRM.scale(2, twice);
        DMatrixRMaj half = MatrixExponential.exp(x);
        DMatrixRMaj product = new DMatrixRMaj(n, n);
        CommonOps_DDRM.mult(half, half, product);
        DMatrixRMaj full = MatrixExponential.exp(twice);
        double tolerance = 1e-11 * Math.max(1, CommonOps_DDRM.elementMaxAbs(full));
        assertTrue(MatrixFeatures_DDRM.isEquals(full, product, tolerance), "e^{2X} != (e^X)^2");
    }

    @Test
    void rotationGeneratorGivesTheRotation() {
        double theta = 10;
        DMatrixRMaj e = MatrixExponential.exp(new DMatrixRMaj(new double[][] {{0, -theta}, {theta, 0}}));
        assertEquals(Math.cos(theta), e.get(0, 0), 1e-13);
        assertEquals(-Math.sin(theta), e.get(0, 1), 1e-13);
        assertEquals(Math.sin(theta), e.get(1, 0), 1e-13);
        assertEquals(Math.cos(theta), e.get(1, 1), 1e-13);
    }

    @Test
    void nilpotentAndDiagonalMatricesHaveClosedForms() {
        DMatrixRMaj nilpotent = MatrixExponential.exp(new DMatrixRMaj(new double[][] {{0, 3}, {0, 0}}));
        assertTrue(MatrixFeatures_DDRM.isEquals(new DMatrixRMaj(new double[][] {{1, 3}, {0, 1}}), nilpotent, 1e-15));
        DMatrixRMaj diagonal = MatrixExponential.exp(CommonOps_DDRM.diag(-2, 0, 1.5));
        assertTrue(MatrixFeatures_DDRM.isEquals(CommonOps_DDRM.diag(Math.exp(-2), 1, Math.exp(1.5)), diagonal,
                1e-14));
    }

    @Test
    void invalidMatricesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> MatrixExponential.exp(new DMatrixRMaj(2, 3)));
        IllegalArgumentException nan = assertThrows(IllegalArgumentException.class,
                () -> MatrixExponential.exp(new DMatrixRMaj(new double[][] {{1, Double.NaN}, {0, 1}})));
        assertEquals("the matrix has a NaN or infinite entry", nan.getMessage());
    }
}
