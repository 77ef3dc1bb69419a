package org.unet4j.solvers.splitting;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.MatrixFeatures_DDRM;
import org.ejml.dense.row.NormOps_DDRM;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.linsol.LinearSolverDense;

/**
 * The matrix exponential {@code e^X} of a dense square matrix by scaling and squaring with the diagonal
 * [6/6] Padé approximant (EJML has none). X is scaled by {@code 2^-k} until {@code ||X||_1 <= 1/2}; there
 * {@code r(X) = D(X)^-1 N(X)} with {@code N(X) = sum_{j=0..6} c_j X^j}, {@code D(X) = N(-X)},
 * {@code c_0 = 1}, {@code c_j = c_{j-1} (6 - j + 1) / (j (12 - j + 1))}, whose truncation error
 * {@code (6!)^2 / (12! 13!) ||X||^13} is below 1e-16 in relative terms; then {@code e^X = r(X 2^-k)^(2^k)}.
 */
public final class MatrixExponential {
    private static final int DEGREE = 6;
    private static final double MAX_SCALED_NORM = 0.5;

    private MatrixExponential() {
    }

    /** {@code e^X} as a new matrix. */
    public static DMatrixRMaj exp(DMatrixRMaj x) {
        if (x.numRows != x.numCols) {
            throw new IllegalArgumentException("the exponential needs a square matrix, got " + x.numRows + " x "
                    + x.numCols);
        }
        if (MatrixFeatures_DDRM.hasUncountable(x)) {
            throw new IllegalArgumentException("the matrix has a NaN or infinite entry");
        }
        int n = x.numRows;
        double norm = NormOps_DDRM.inducedP1(x);
        int squarings = norm > MAX_SCALED_NORM ? (int) Math.ceil(Math.log(norm / MAX_SCALED_NORM) / Math.log(2)) : 0;
        DMatrixRMaj scaled = x.copy();
        CommonOps_DDRM.scale(Math.pow(2, -squarings), scaled);

        DMatrixRMaj numerator = CommonOps_DDRM.identity(n);
        DMatrixRMaj denominator = CommonOps_DDRM.identity(n);
        DMatrixRMaj power = CommonOps_DDRM.identity(n);
        DMatrixRMaj next = new DMatrixRMaj(n, n);
        double c = 1;
        for (int j = 1; j <= DEGREE; j++) {
            c *= (double) (DEGREE - j + 1) / (j * (2 * DEGREE - j + 1));
            CommonOps_DDRM.mult(power, scaled, next);
            DMatrixRMaj swap = power;
            power = next;
            next = swap;
            CommonOps_DDRM.addEquals(numerator, c, power);
            CommonOps_DDRM.addEquals(denominator, j % 2 == 0 ? c : -c, power);
        }
        LinearSolverDense<DMatrixRMaj> solver = LinearSolverFactory_DDRM.lu(n);
        if (!solver.setA(denominator)) {
            throw new IllegalStateException("the Padé denominator is singular; this cannot happen for ||X|| <= 1/2");
        }
        DMatrixRMaj result = new DMatrixRMaj(n, n);
        solver.solve(numerator, result);
        for (int k = 0; k < squarings; k++) {
            CommonOps_DDRM.mult(result, result, next);
            DMatrixRMaj swap = result;
            result = next;
            next = swap;
        }
        return result;
    }
}
