package org.unet4j.solvers.splitting;

import org.ejml.data.DMatrixRMaj;

/**
 * The forward (explicit) Euler sub-step of {@code du/dt = -A u + s(t)}, first order:
 * <pre>
 *   u⁺ = u + c dt (-A u + s(t)),
 * </pre>
 * with c the speed-up {@code scale}; stable for A symmetric positive semi-definite when
 * {@code c dt lambda_max(A) <= 2}. The source is taken at the start of the sub-step. This is the explicit
 * per-channel step of the splitting network (PottsMGNet), where the scale is the number of channels.
 */
public final class ExplicitEulerFlow implements SubFlow {
    private final DenseOperator operator;
    private final SourceTerm source;

    /** The sub-step for {@code du/dt = -A u + s(t)}; A is copied. */
    public ExplicitEulerFlow(DMatrixRMaj a, SourceTerm source) {
        this.operator = new DenseOperator(a);
        this.source = source;
    }

    /** The sub-step for {@code du/dt = -A u}. */
    public ExplicitEulerFlow(DMatrixRMaj a) {
        this(a, SourceTerm.none());
    }

    @Override
    public void advance(double[] u, double t, double dt, double scale) {
        operator.requireState(u);
        double h = scale * dt;
        double[] au = new double[u.length];
        operator.multiply(u, au);
        source.addTo(u, t, h);
        for (int i = 0; i < u.length; i++) {
            u[i] -= h * au[i];
        }
    }

    /** The flow and the size of its operator, e.g. {@code ExplicitEulerFlow[4x4]}. */
    @Override
    public String toString() {
        return "ExplicitEulerFlow[" + operator.size() + "x" + operator.size() + "]";
    }
}
