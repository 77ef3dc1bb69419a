package org.unet4j.solvers.splitting;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * The exact flow of {@code du/dt = -A u + s} with a constant source s, by the variation-of-constants formula
 * <pre>
 *   u(t + h) = e^{-h A} u(t) + integral_0^h e^{-tau A} s dtau,      h = c dt,
 * </pre>
 * c being the speed-up {@code scale}. Both terms come from one exponential of the augmented matrix
 * {@code M = [[-A, s], [0, 0]]}: {@code e^{h M} = [[e^{-hA}, integral_0^h e^{-tau A} s dtau], [0, 1]]}, so no
 * inverse of A is needed and a singular A is fine. The propagator is cached for the two most recent h. Exact
 * sub-flows isolate the splitting error of a scheme from the error of its sub-steps.
 */
public final class ExactLinearFlow implements SubFlow {
    private final DenseOperator operator;
    private final double[] source;
    private final double[] steps = {Double.NaN, Double.NaN};
    private final DMatrixRMaj[] propagators = new DMatrixRMaj[2];
    private int nextSlot;

    /** The flow of {@code du/dt = -A u + s}; A and s are copied. */
    public ExactLinearFlow(DMatrixRMaj a, double[] source) {
        this.operator = new DenseOperator(a);
        if (source.length != operator.size()) {
            throw new IllegalArgumentException("the source has length " + source.length + " but the operator is "
                    + operator.size() + " x " + operator.size());
        }
        this.source = source.clone();
    }

    /** The flow of {@code du/dt = -A u}. */
    public ExactLinearFlow(DMatrixRMaj a) {
        this(a, new double[a.numRows]);
    }

    @Override
    public void advance(double[] u, double t, double dt, double scale) {
        operator.requireState(u);
        DMatrixRMaj propagator = propagatorFor(scale * dt);
        int n = u.length;
        double[] result = new double[n];
        for (int i = 0; i < n; i++) {
            double sum = propagator.get(i, n);
            for (int j = 0; j < n; j++) {
                sum += propagator.get(i, j) * u[j];
            }
            result[i] = sum;
        }
        System.arraycopy(result, 0, u, 0, n);
    }

    private DMatrixRMaj propagatorFor(double h) {
        for (int slot = 0; slot < 2; slot++) {
            if (steps[slot] == h) {
                return propagators[slot];
            }
        }
        int n = operator.size();
        DMatrixRMaj augmented = new DMatrixRMaj(n + 1, n + 1);
        CommonOps_DDRM.insert(operator.matrix(), augmented, 0, 0);
        CommonOps_DDRM.scale(-1, augmented);
        for (int i = 0; i < n; i++) {
            augmented.set(i, n, source[i]);
        }
        CommonOps_DDRM.scale(h, augmented);
        DMatrixRMaj propagator = MatrixExponential.exp(augmented);
        steps[nextSlot] = h;
        propagators[nextSlot] = propagator;
        nextSlot = 1 - nextSlot;
        return propagator;
    }

    /** The flow and the size of its operator, e.g. {@code ExactLinearFlow[4x4]}. */
    @Override
    public String toString() {
        return "ExactLinearFlow[" + operator.size() + "x" + operator.size() + "]";
    }
}
